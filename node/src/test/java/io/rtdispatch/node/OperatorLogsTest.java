package io.rtdispatch.node;

import static io.rtdispatch.node.DataCenterClusterTest.assertReceivesExactly;
import static io.rtdispatch.node.DataCenterClusterTest.open;
import static io.rtdispatch.node.DataCenterClusterTest.publish;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.rtdispatch.common.testing.SseTestClient;
import io.rtdispatch.tools.launch.NodeProcess;
import io.rtdispatch.tools.launch.NodeSpec;
import io.rtdispatch.tools.launch.Topology;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * What an operator reads in a node's output (issue 9, "Logs an operator can live with"), from real
 * processes: a taken port is one line naming the setting to change and a non-zero exit, not a
 * stack trace; a graceful stop (SIGTERM) of every node at once after traffic, as the launcher's
 * Ctrl-C does, logs no WARN, ERROR or dead letter and ends with "rtd-node stopped" (issue 13).
 */
class OperatorLogsTest {

  private static final Duration EXIT = Duration.ofSeconds(90);
  /** The processes log as the shipped jar does (logback.xml), not as the tests do. */
  private static final List<String> SHIPPED_LOGGING = Stream.concat(LocalProcesses.JVM.stream(),
      Stream.of("-Dlogback.configurationFile=logback.xml")).toList();

  @ParameterizedTest
  @ValueSource(strings = {"RTD_CLUSTER_PORT", "RTD_FRONTEND_PORT", "RTD_DISPATCHER_PORT", "RTD_INTERNAL_PORT"})
  void aTakenPortIsOneErrorLineNamingTheSettingAndTheNodeExitsNonZero(String portEnv) throws Exception {
    List<NodeSpec> specs = LocalProcesses.layout(List.of(new Topology.DataCenter("dc-bind", 1, 1)));
    NodeSpec other = specs.get(portEnv.equals("RTD_FRONTEND_PORT") ? 0 : 1);
    NodeSpec spec = other.withEnv("RTD_SEED_NODES", other.host() + ":" + other.clusterPort()); // alone
    int port = Integer.parseInt(spec.environment().get(portEnv));
    NodeProcess node = new NodeProcess(spec, LocalProcesses.logs("bind-" + portEnv), SHIPPED_LOGGING);
    Files.deleteIfExists(node.log());
    try (ServerSocket taken = new ServerSocket()) {
      taken.bind(new InetSocketAddress(spec.host(), port));
      node.start();
      int exit = node.awaitExit(EXIT);
      List<String> lines = Files.readAllLines(node.log());

      assertNotEquals(0, exit, "exit code; output:\n" + String.join("\n", lines));
      List<String> errors = lines.stream().filter(l -> l.startsWith("rtd-node:") || l.contains(" ERROR ")).toList();
      assertEquals(1, errors.size(), "one error line; output:\n" + String.join("\n", lines));
      String error = errors.get(0);
      assertTrue(error.contains(spec.host() + ":" + port) && error.contains(portEnv)
          && error.contains("address already in use"), error);
      assertTrue(lines.stream().noneMatch(l -> l.startsWith("\tat ")),
          "no stack trace; output:\n" + String.join("\n", lines));
    }
  }

  @Test
  void aGracefulStopOfEveryNodeAtOnceAfterTrafficLogsNoWarningErrorOrDeadLetter() throws Exception {
    List<NodeSpec> specs = LocalProcesses.layout(List.of(new Topology.DataCenter("dc-stop", 1, 1)));
    try (LocalProcesses dc = new LocalProcesses(specs, "graceful-stop", spec -> SHIPPED_LOGGING)) {
      NodeProcess frontend = dc.node("dc-stop-frontend-1");
      NodeProcess dispatcher = dc.node("dc-stop-dispatcher-1");
      Files.deleteIfExists(frontend.log());
      Files.deleteIfExists(dispatcher.log());
      dc.startAll();
      try (SseTestClient client = open(LocalProcesses.frontend(frontend), "live:stop")) {
        InetSocketAddress d = LocalProcesses.dispatcher(dispatcher);
        TestNodes.awaitRoutes(LocalProcesses.internal(dispatcher), "live:stop", 1);
        assertReceivesExactly(client, publish(List.of(d), "live:stop", 20));

        dc.close(); // every node at once
      }
      for (NodeProcess node : List.of(dispatcher, frontend)) {
        List<String> lines = Files.readAllLines(node.log());
        String output = node.name() + " output:\n" + String.join("\n", lines);
        List<String> stopping = lines.stream().dropWhile(l -> !l.contains("Running CoordinatedShutdown")).toList();
        assertTrue(stopping.size() > 1, "the stop is logged; " + output);
        assertTrue(stopping.stream().noneMatch(l -> l.contains(" WARN ") || l.contains(" ERROR ")
            || l.contains("dead letters encountered")), output); // Akka's dead-letter entries; its INFO
        // "Harmless quarantine ... will be delivered to dead letters" about a stopped peer is not one
        assertTrue(lines.get(lines.size() - 1).contains("rtd-node stopped"), "the log is complete; " + output);
      }
    }
  }
}
