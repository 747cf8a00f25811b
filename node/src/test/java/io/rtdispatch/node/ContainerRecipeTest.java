package io.rtdispatch.node;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.rtdispatch.tools.launch.NodeProcess;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The Dockerfile and docker-compose.yml follow the rules docs/deployment.md promises, checked
 * without a Docker engine: every module's pom goes into the dependency layer before the sources,
 * the image runs as a non-root user with a health check that exists in the jar, one service builds
 * the image, nodes wait for healthy seeds and are restarted, memory limits leave room beside the
 * heap percentage, and Prometheus scrapes exactly the node services. (What the compose services do
 * when run is ComposeTopologyTest's job.)
 */
class ContainerRecipeTest {

  private static final String IMAGE = "realtime-dispatch:local";
  private static final long MIB = 1024 * 1024;

  @Test
  void dependencyLayerHasEveryModulesPomAndComesBeforeTheSources() throws Exception {
    String dockerfile = Files.readString(DeployFiles.ROOT.resolve("Dockerfile"));
    Matcher modules = Pattern.compile("<module>([^<]+)</module>").matcher(Files.readString(DeployFiles.ROOT.resolve("pom.xml")));
    int goOffline = dockerfile.indexOf("go-offline");
    int sources = dockerfile.indexOf("COPY . .");
    assertTrue(goOffline > 0 && sources > goOffline, "dependencies are resolved before the sources are copied");
    assertTrue(dockerfile.indexOf("COPY pom.xml ./") < goOffline);
    while (modules.find()) {
      String copy = "COPY " + modules.group(1) + "/pom.xml " + modules.group(1) + "/";
      int at = dockerfile.indexOf(copy);
      assertTrue(at > 0 && at < goOffline, "the Dockerfile copies module " + modules.group(1) + "'s pom before go-offline: " + copy);
    }
  }

  @Test
  void imageRunsAsANonRootUserAndChecksReadyWithAClassOfTheJar() throws Exception {
    String runtime = Files.readString(DeployFiles.ROOT.resolve("Dockerfile")).split("\nFROM ", 3)[2];
    Matcher user = Pattern.compile("(?m)^USER\\s+(\\S+)").matcher(runtime);
    assertTrue(user.find(), "the runtime stage sets USER");
    assertFalse(List.of("root", "0", "0:0").contains(user.group(1)), "USER " + user.group(1));
    Matcher check = Pattern.compile("(?m)^HEALTHCHECK .*\\\\\\n\\s*CMD (\\[.*])").matcher(runtime);
    assertTrue(check.find(), "the runtime stage has HEALTHCHECK ... CMD [...]");
    List<String> command = new ArrayList<>();
    DeployFiles.YAML.readTree(check.group(1)).forEach(arg -> command.add(arg.asText()));
    assertFalse(command.contains("curl") || command.contains("wget"), "the JRE image has no curl: " + command);
    String mainClass = command.get(command.size() - 1);
    assertEquals(ReadyCheck.class.getName(), mainClass);
    assertEquals("/app/rtd-node.jar", command.get(command.indexOf("-cp") + 1));
    assertEquals("/ready", ReadyCheck.readyUri(DeployFiles.configUnder(Map.of())).getPath());
  }

  /** The health check as Docker runs it: its own JVM, configured by the container's environment. */
  @Test
  void readyCheckExitsZeroForAReadyNodeAndOneWhenNothingAnswers() throws Exception {
    try (RtdNode node = TestNodes.start()) {
      assertEquals(0, readyCheck(Map.of("RTD_ROLES", "frontend", "RTD_FRONTEND_PORT", port(node.frontendAddress()))));
      assertEquals(0, readyCheck(Map.of("RTD_ROLES", "dispatcher", "RTD_DISPATCHER_PORT", port(node.dispatcherAddress()),
          "RTD_DISPATCHER_INTERFACE", "127.0.0.1")));
    }
    int closed;
    try (ServerSocket socket = new ServerSocket(0)) {
      closed = socket.getLocalPort();
    }
    assertEquals(1, readyCheck(Map.of("RTD_ROLES", "frontend", "RTD_FRONTEND_PORT", Integer.toString(closed))));
  }

  private static int readyCheck(Map<String, String> environment) throws Exception {
    ProcessBuilder builder = new ProcessBuilder(NodeProcess.java(
        List.of("-Xmx16m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1"), ReadyCheck.class.getName()))
        .redirectErrorStream(true);
    builder.environment().keySet().removeIf(k -> k.startsWith("RTD_"));
    builder.environment().putAll(environment);
    Process process = builder.start();
    String output = new String(process.getInputStream().readAllBytes());
    assertTrue(process.waitFor(60, TimeUnit.SECONDS), "ReadyCheck ended: " + output);
    return process.exitValue();
  }

  private static String port(InetSocketAddress address) {
    return Integer.toString(address.getPort());
  }

  @Test
  void oneServiceBuildsTheImageAndNodesWaitForHealthyNodes() throws Exception {
    JsonNode services = compose().get("services");
    List<String> builders = new ArrayList<>();
    services.fields().forEachRemaining(e -> {
      if (e.getValue().has("build")) {
        builders.add(e.getKey());
        assertEquals(IMAGE, e.getValue().path("image").asText(), e.getKey() + " tags the image it builds");
      }
    });
    assertEquals(1, builders.size(), "exactly one service builds the image: " + builders);
    Map<String, JsonNode> nodes = nodes(services);
    services.fields().forEachRemaining(e -> {
      JsonNode service = e.getValue();
      boolean node = nodes.containsKey(e.getKey());
      if (IMAGE.equals(service.path("image").asText())) {
        assertEquals(!node, service.path("healthcheck").path("disable").asBoolean(false),
            e.getKey() + ": the image's /ready check applies to nodes only");
      }
      service.path("depends_on").fields().forEachRemaining(dependency -> {
        if (nodes.containsKey(dependency.getKey())) {
          assertEquals("service_healthy", dependency.getValue().path("condition").asText(),
              e.getKey() + " waits until " + dependency.getKey() + " answers /ready");
        }
      });
    });
    // Each data center's first seed node forms its cluster alone, so it must not wait for its own data center.
    nodes.forEach((name, service) -> {
      String firstSeed = env(service).get("RTD_SEED_NODES").split(",")[0].split(":")[0];
      assertTrue(nodes.containsKey(firstSeed), name + "'s first seed " + firstSeed + " is a service");
      nodes.get(firstSeed).path("depends_on").fieldNames().forEachRemaining(dependency ->
          assertFalse(env(service).get("RTD_DATA_CENTER").equals(env(nodes.get(dependency)).get("RTD_DATA_CENTER")),
              firstSeed + " (first seed) waits for " + dependency + " of its own data center"));
    });
  }

  /**
   * The heap is MaxRAMPercentage of the limit (the JVM's 25% without it); what is left must hold
   * metaspace, thread stacks, Netty's buffers and the health check's JVM: at least 128 MiB.
   */
  @Test
  void everyJavaServiceHasAMemoryLimitWithRoomBesideTheHeap() throws Exception {
    List<String> imageCommand = ComposeServices.dockerfileCommand(DeployFiles.ROOT.resolve("Dockerfile"));
    assertTrue(imageCommand.stream().anyMatch(a -> a.startsWith("-XX:MaxRAMPercentage=")), "the image sizes the heap from the limit");
    JsonNode services = compose().get("services");
    Map<String, JsonNode> nodes = nodes(services);
    services.fields().forEachRemaining(e -> {
      JsonNode service = e.getValue();
      String limit = service.path("mem_limit").asText("");
      assertFalse(limit.isEmpty(), e.getKey() + " has mem_limit");
      if (!IMAGE.equals(service.path("image").asText())) {
        return;
      }
      List<String> command = new ArrayList<>();
      service.path("command").forEach(arg -> command.add(arg.asText()));
      double percentage = (command.isEmpty() ? imageCommand : command).stream()
          .filter(a -> a.startsWith("-XX:MaxRAMPercentage=")).map(a -> Double.parseDouble(a.split("=")[1]))
          .findFirst().orElse(25.0);
      long bytes = Long.parseLong(limit.replaceAll("[^0-9]", "")) * (limit.endsWith("g") ? 1024 * MIB : MIB);
      long heap = (long) (bytes * percentage / 100);
      assertTrue(bytes - heap >= 128 * MIB, e.getKey() + ": " + limit + " at " + percentage + "% leaves " + (bytes - heap) / MIB + " MiB beside the heap");
      if (nodes.containsKey(e.getKey())) {
        assertTrue(heap >= 256 * MIB, e.getKey() + ": a node's heap of " + heap / MIB + " MiB is too small");
      }
    });
  }

  @Test
  void everyRtdVariableTheServicesSetIsOneTheNodeReads() throws Exception {
    Set<String> known = DeployFiles.knownVariables();
    compose().get("services").fields().forEachRemaining(e -> env(e.getValue()).keySet().stream()
        .filter(name -> name.startsWith("RTD_"))
        .forEach(name -> assertTrue(known.contains(name), e.getKey() + " sets " + name + ", which no configuration file reads")));
  }

  @Test
  void monitoringIsOptInAndPrometheusScrapesExactlyTheNodes() throws Exception {
    JsonNode services = compose().get("services");
    for (String name : List.of("prometheus", "grafana")) {
      assertEquals("monitoring", services.path(name).path("profiles").path(0).asText(), name + " is in the monitoring profile");
    }
    Set<String> expected = new TreeSet<>();
    nodes(services).forEach((name, service) -> expected.add(name + ":" + DeployFiles.statusPort(env(service))));
    JsonNode prometheus = DeployFiles.YAML.readTree(DeployFiles.ROOT.resolve("deploy/monitoring/prometheus.yml").toFile());
    Set<String> targets = new TreeSet<>();
    for (JsonNode job : prometheus.get("scrape_configs")) {
      assertEquals("/metrics", job.path("metrics_path").asText("/metrics"));
      job.path("static_configs").forEach(c -> c.path("targets").forEach(t -> targets.add(t.asText())));
    }
    assertEquals(expected, targets);
  }

  private static JsonNode compose() throws Exception {
    return DeployFiles.YAML.readTree(DeployFiles.ROOT.resolve("docker-compose.yml").toFile());
  }

  /** The services that run a node: the image without a command of their own. */
  private static Map<String, JsonNode> nodes(JsonNode services) {
    Map<String, JsonNode> nodes = new LinkedHashMap<>();
    services.fields().forEachRemaining(e -> {
      if (IMAGE.equals(e.getValue().path("image").asText()) && !e.getValue().has("command")) {
        nodes.put(e.getKey(), e.getValue());
      }
    });
    return nodes;
  }

  private static Map<String, String> env(JsonNode service) {
    Map<String, String> env = new HashMap<>();
    service.path("environment").fields().forEachRemaining(e -> env.put(e.getKey(), e.getValue().asText()));
    return env;
  }
}
