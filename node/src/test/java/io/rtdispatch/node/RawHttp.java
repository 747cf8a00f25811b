package io.rtdispatch.node;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.rtdispatch.common.testing.HttpHead;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Requests written byte for byte on a plain socket, for what an HTTP library will not send (an
 * undecodable request line, a connect that is abandoned at once), and their answers read back.
 */
final class RawHttp {

  private static final ObjectMapper JSON = new ObjectMapper();

  /** An answer with a Content-Length body (what every non-stream answer has). */
  record Answer(int status, Map<String, String> headers, String body) {
    JsonNode json() throws IOException {
      return JSON.readTree(body);
    }
  }

  private RawHttp() {}

  /** {@code GET target HTTP/1.1} with a Host header and nothing else. */
  static byte[] get(InetSocketAddress server, String target) {
    return ("GET " + target + " HTTP/1.1\r\nHost: " + server.getHostString() + ":" + server.getPort() + "\r\n\r\n")
        .getBytes(StandardCharsets.ISO_8859_1);
  }

  /** Sends {@code request} as it is and reads the answer's head and body. */
  static Answer exchange(InetSocketAddress server, byte[] request) throws IOException {
    return exchange(server, request, 1).get(0);
  }

  /** Sends {@code request} (several pipelined requests, say) and reads {@code answers} answers. */
  static List<Answer> exchange(InetSocketAddress server, byte[] request, int answers) throws IOException {
    try (Socket socket = new Socket()) {
      socket.connect(server, 5000);
      socket.setSoTimeout(10_000);
      socket.getOutputStream().write(request);
      InputStream in = socket.getInputStream();
      List<Answer> read = new ArrayList<>();
      while (read.size() < answers) {
        HttpHead head = HttpHead.read(in);
        int length = Integer.parseInt(head.headers().getOrDefault("content-length", "0"));
        read.add(new Answer(head.status(), head.headers(), new String(in.readNBytes(length), StandardCharsets.UTF_8)));
      }
      return read;
    }
  }
}
