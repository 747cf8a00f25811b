package io.rtdispatch.node;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.rtdispatch.common.testing.SseTestClient;
import io.rtdispatch.common.testing.TestHttp;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * deploy/nginx/rtd.conf in front of a real node, in a real nginx (Debian's package, installed by
 * scripts/ci/install-deps.sh when missing). Only
 * the lines marked {@code test:} change: the upstream becomes the node's frontend, the listeners
 * free loopback ports, and TLS is left out. Through the proxy a stream opens, heartbeat comments
 * and a published event arrive, and POST /subscriptions reaches the stream's frontend.
 */
class NginxProxyTest {

  private static final Duration WAIT = Duration.ofSeconds(30);
  private static final List<Path> NGINX = List.of(Path.of("/usr/sbin/nginx"), Path.of("/usr/bin/nginx"));

  @Test
  void streamsAndSubscriptionsPassThroughTheSampleConfigUnbuffered() throws Exception {
    Scripts.installDeps("nginx"); // as root when missing; otherwise fails naming the apt-get line to run
    Path nginx = NGINX.stream().filter(Files::isExecutable).findFirst()
        .orElseThrow(() -> new AssertionError("nginx is not at " + NGINX + " after installing Debian's package"));
    try (RtdNode node = TestNodes.start("rtd.frontend.heartbeat-interval", "1s")) {
      Path prefix = Files.createTempDirectory(Path.of("target"), "nginx-").toAbsolutePath();
      int port = TestNodes.freePort();
      Files.writeString(prefix.resolve("rtd.conf"), localConfig(
          Files.readString(DeployFiles.ROOT.resolve("deploy/nginx/rtd.conf")), node.frontendAddress(), port, TestNodes.freePort()));
      Files.writeString(prefix.resolve("nginx.conf"), String.join("\n",
          "daemon off;", "worker_processes 1;", "pid " + prefix.resolve("nginx.pid") + ";",
          "error_log " + prefix.resolve("error.log") + " info;",
          "root".equals(System.getProperty("user.name")) ? "user root;" : "",
          "events { worker_connections 64; }",
          "http {", "  access_log off;",
          "  client_body_temp_path " + prefix.resolve("body") + "; proxy_temp_path " + prefix.resolve("proxy") + ";",
          "  fastcgi_temp_path " + prefix.resolve("fastcgi") + "; uwsgi_temp_path " + prefix.resolve("uwsgi") + ";",
          "  scgi_temp_path " + prefix.resolve("scgi") + ";",
          "  include " + prefix.resolve("rtd.conf") + ";", "}", ""));
      Process process = new ProcessBuilder(nginx.toString(), "-p", prefix.toString(), "-c", prefix.resolve("nginx.conf").toString())
          .redirectErrorStream(true).redirectOutput(prefix.resolve("stdout.log").toFile()).start();
      try {
        InetSocketAddress proxy = new InetSocketAddress("127.0.0.1", port);
        awaitListening(proxy, process, prefix);
        throughProxy(proxy, node);
      } finally {
        process.destroy();
        process.waitFor(10, TimeUnit.SECONDS);
      }
    }
  }

  private static void throughProxy(InetSocketAddress proxy, RtdNode node) throws Exception {
    ObjectMapper json = new ObjectMapper();
    try (SseTestClient stream = SseTestClient.open(proxy, "/connect?topic=live:nginx")) {
      assertEquals(200, stream.status());
      String connectionId = json.readTree(stream.next(f -> f.data() != null, WAIT).data()).get("connectionId").asText();
      stream.next(SseTestClient.Frame::comment, WAIT); // a heartbeat comment, passed on by itself

      TestHttp.Response subscribed = TestHttp.postJson(TestHttp.url(proxy, "/subscriptions"),
          "{\"connectionId\":\"" + connectionId + "\",\"topic\":\"room:nginx\"}");
      assertEquals(200, subscribed.status(), subscribed.body());
      TestNodes.awaitRoutes(node.internalAddress(), "room:nginx", 1);

      // One small event: a buffering proxy would hold it until its buffer fills or the stream ends.
      TestHttp.Response published = TestHttp.postJson(TestHttp.url(node.dispatcherAddress(), "/publish"),
          TestNodes.publishBody("room:nginx", "comment", "\"through nginx\""));
      assertEquals(202, published.status(), published.body());
      String id = published.json().get("id").asText();
      assertTrue(stream.next(f -> id.equals(f.id()), WAIT).data().contains("through nginx"));
      stream.next(SseTestClient.Frame::comment, WAIT); // and heartbeats keep coming after it
    }
  }

  /** The sample with its {@code test:} lines pointed at this machine. */
  static String localConfig(String sample, InetSocketAddress frontend, int port, int redirectPort) {
    List<String> lines = new ArrayList<>();
    for (String line : sample.split("\n", -1)) {
      if (line.contains("# test: frontends")) {
        lines.add("    server " + frontend.getHostString() + ":" + frontend.getPort() + ";");
      } else if (line.matches("\\s+server [a-z0-9.-]+:\\d+;\\s*")) {
        continue; // the sample's other frontends
      } else if (line.contains("# test: plain listener")) {
        lines.add("    listen 127.0.0.1:" + redirectPort + ";");
      } else if (line.contains("# test: tls listener")) {
        lines.add("    listen 127.0.0.1:" + port + ";");
      } else if (!line.contains("# test: tls")) {
        lines.add(line);
      }
    }
    return String.join("\n", lines);
  }

  private static void awaitListening(InetSocketAddress address, Process process, Path prefix) throws Exception {
    long deadline = System.nanoTime() + WAIT.toNanos();
    while (System.nanoTime() < deadline) {
      if (!process.isAlive()) {
        fail("nginx exited with " + process.exitValue() + ": " + Files.readString(prefix.resolve("stdout.log"))
            + Files.readString(prefix.resolve("error.log")));
      }
      try (Socket socket = new Socket()) {
        socket.connect(address, 1000);
        return;
      } catch (IOException notYet) {
        Thread.sleep(100);
      }
    }
    fail("nginx did not listen on " + address);
  }
}
