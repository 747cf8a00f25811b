package io.rtdispatch.node;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/**
 * The container image's health check ({@code HEALTHCHECK} in the Dockerfile; the JRE image has no
 * curl): asks this container's node {@code GET /ready} and exits 0 on 200, 1 otherwise.
 *
 * <p>It reads the node's own configuration (same files, same {@code RTD_*} variables, see
 * {@link NodeConfig#layered}) to find the port: the frontend port if the node has the frontend
 * role, else the dispatcher port, on its interface (loopback when that is 0.0.0.0). The request
 * gives up after {@code rtd.http.request-timeout}; Docker's own {@code --timeout} is shorter.
 */
public final class ReadyCheck {

  private ReadyCheck() {}

  public static void main(String[] args) {
    Config config = NodeConfig.layered(ConfigFactory.empty());
    URI uri = readyUri(config);
    int status;
    try {
      Duration timeout = config.getDuration("rtd.http.request-timeout");
      HttpClient client = HttpClient.newBuilder().connectTimeout(timeout).build();
      status = client.send(HttpRequest.newBuilder(uri).timeout(timeout).build(),
          HttpResponse.BodyHandlers.discarding()).statusCode();
    } catch (Exception e) {
      System.err.println("rtd-node not ready: " + uri + ": " + e);
      System.exit(1);
      return;
    }
    if (status != 200) {
      System.err.println("rtd-node not ready: " + uri + " answered " + status);
    }
    System.exit(status == 200 ? 0 : 1);
  }

  /** {@code http://<interface>:<port>/ready} of the node's status port, as described above. */
  static URI readyUri(Config config) {
    NodeSettings node = NodeSettings.from(config);
    String prefix = node.frontend() ? "rtd.frontend.http." : "rtd.dispatcher.http.";
    String host = config.getString(prefix + "interface");
    if (host.isEmpty() || host.equals("0.0.0.0") || host.equals("::")) {
      host = "127.0.0.1";
    }
    return URI.create("http://" + (host.contains(":") ? "[" + host + "]" : host) + ":" + config.getInt(prefix + "port") + "/ready");
  }
}
