package io.rtdispatch.common.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/** Plain HTTP calls against a real server, returning status and body. */
public final class TestHttp {

  private static final HttpClient CLIENT = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  private static final ObjectMapper JSON = new ObjectMapper();

  public record Response(int status, String body, HttpResponse<String> raw) {
    public JsonNode json() {
      try {
        return JSON.readTree(body);
      } catch (IOException e) {
        throw new AssertionError("response body is not JSON: " + body, e);
      }
    }
  }

  private TestHttp() {}

  public static String url(InetSocketAddress address, String path) {
    return "http://" + address.getHostString() + ":" + address.getPort() + path;
  }

  public static Response get(String url, String... headers) throws IOException, InterruptedException {
    return send(request(url, headers).GET().build());
  }

  public static Response postJson(String url, String body, String... headers) throws IOException, InterruptedException {
    return send("POST", url, "application/json", body, headers);
  }

  public static Response send(String method, String url, String contentType, String body, String... headers)
      throws IOException, InterruptedException {
    return send(method, url, contentType, body.getBytes(StandardCharsets.UTF_8), headers);
  }

  /** Sends {@code body} exactly as given, whatever its encoding. */
  public static Response send(String method, String url, String contentType, byte[] body, String... headers)
      throws IOException, InterruptedException {
    HttpRequest.Builder builder = request(url, headers).method(method, HttpRequest.BodyPublishers.ofByteArray(body));
    if (contentType != null) {
      builder.header("Content-Type", contentType);
    }
    return send(builder.build());
  }

  private static HttpRequest.Builder request(String url, String... headers) {
    HttpRequest.Builder builder = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(10));
    for (int i = 0; i + 1 < headers.length; i += 2) {
      builder.header(headers[i], headers[i + 1]);
    }
    return builder;
  }

  private static Response send(HttpRequest request) throws IOException, InterruptedException {
    HttpResponse<String> response = CLIENT.send(request, HttpResponse.BodyHandlers.ofString());
    return new Response(response.statusCode(), response.body(), response);
  }
}
