package io.rtdispatch.node;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.typesafe.config.Config;
import io.rtdispatch.common.testing.TestHttp;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * deploy/kubernetes/ agrees with what the node reads and does: every RTD_* variable is one a
 * configuration file reads, container ports are the ports the environment configures, probes hit
 * paths a real node answers 200 on, seed nodes are StatefulSet pods' stable DNS names behind
 * headless Services that publish unready pods, the grace period covers the drain, every token
 * comes from the example Secret, and the internal and cluster ports are never reachable through a
 * LoadBalancer, NodePort, Ingress or host port.
 */
class KubernetesManifestsTest {

  private static final Path DIR = DeployFiles.ROOT.resolve("deploy/kubernetes");
  private static final Set<String> PRIVATE_PORTS = Set.of("internal", "cluster");

  private final List<JsonNode> docs;

  KubernetesManifestsTest() throws Exception {
    docs = DeployFiles.yamlDocuments(DIR);
  }

  @Test
  void everyVariableIsReadAndEveryPortIsTheConfiguredOne() throws Exception {
    Set<String> known = DeployFiles.knownVariables();
    for (JsonNode set : kind("StatefulSet")) {
      Map<String, String> env = env(set);
      env.keySet().stream().filter(k -> k.startsWith("RTD_")).forEach(k ->
          assertTrue(known.contains(k), name(set) + " sets " + k + ", which no configuration file reads"));
      Config config = DeployFiles.configUnder(env);
      Map<String, Integer> ports = containerPorts(set);
      assertEquals(DeployFiles.statusPort(env), ports.get("http"), name(set) + ": port http");
      assertEquals(config.getInt("rtd.internal.port"), ports.get("internal"), name(set) + ": port internal");
      assertEquals(config.getInt("rtd.cluster.port"), ports.get("cluster"), name(set) + ": port cluster");
    }
  }

  @Test
  void probesHitPathsARealNodeAnswers() throws Exception {
    Set<String> paths = new HashSet<>();
    for (JsonNode set : kind("StatefulSet")) {
      JsonNode container = container(set);
      assertEquals("/ready", container.at("/readinessProbe/httpGet/path").asText(), name(set));
      assertEquals("/health", container.at("/livenessProbe/httpGet/path").asText(), name(set));
      for (String probe : List.of("readinessProbe", "livenessProbe", "startupProbe")) {
        if (container.has(probe)) {
          assertEquals("http", container.path(probe).at("/httpGet/port").asText(), name(set) + " " + probe);
          paths.add(container.path(probe).at("/httpGet/path").asText());
        }
      }
    }
    try (RtdNode node = TestNodes.start()) {
      for (InetSocketAddress port : List.of(node.frontendAddress(), node.dispatcherAddress())) {
        for (String path : paths) {
          assertEquals(200, TestHttp.get(TestHttp.url(port, path)).status(), path + " on " + port);
        }
      }
    }
  }

  @Test
  void seedNodesAreStatefulSetPodsBehindHeadlessServicesThatPublishUnreadyPods() {
    Set<String> seedLists = new HashSet<>();
    for (JsonNode set : kind("StatefulSet")) {
      Map<String, String> env = env(set);
      String service = set.at("/spec/serviceName").asText();
      assertEquals("$(POD_NAME)." + service, env.get("RTD_CLUSTER_HOST"), name(set) + " advertises its stable DNS name");
      assertEquals("metadata.name", container(set).path("env").findValue("fieldPath").asText());
      seedLists.add(env.get("RTD_SEED_NODES"));
      for (String seed : env.get("RTD_SEED_NODES").split(",")) {
        String[] hostPort = seed.trim().split(":");
        String[] labels = hostPort[0].split("\\.");
        assertEquals(2, labels.length, "seed " + seed + " is <pod>.<service>");
        JsonNode seedSet = named("StatefulSet", labels[0].substring(0, labels[0].lastIndexOf('-')));
        int ordinal = Integer.parseInt(labels[0].substring(labels[0].lastIndexOf('-') + 1));
        assertTrue(ordinal < seedSet.at("/spec/replicas").asInt(), "seed " + seed + " is a pod of " + name(seedSet));
        assertEquals(seedSet.at("/spec/serviceName").asText(), labels[1], "seed " + seed + "'s domain is its StatefulSet's Service");
        JsonNode headless = named("Service", labels[1]);
        assertEquals("None", headless.at("/spec/clusterIP").asText(), labels[1] + " is headless");
        assertTrue(headless.at("/spec/publishNotReadyAddresses").asBoolean(), labels[1] + " resolves pods before they are ready");
        assertEquals(DeployFiles.configUnder(env(seedSet)).getInt("rtd.cluster.port"), Integer.parseInt(hostPort[1]), seed);
      }
    }
    assertEquals(1, seedLists.size(), "every node has the same seed list: " + seedLists);
  }

  /** SIGTERM's drain: /ready 503 for the drain delay (longer than the readiness probe needs to notice), then streams end. */
  @Test
  void gracePeriodCoversTheDrainAndPreStopStartsIt() {
    for (JsonNode set : kind("StatefulSet")) {
      Map<String, String> env = env(set);
      Config config = DeployFiles.configUnder(env);
      Duration drain = config.getDuration("rtd.shutdown.drain-delay");
      Duration requestsDone = config.getDuration("akka.coordinated-shutdown.phases.service-requests-done.timeout");
      long grace = set.at("/spec/template/spec/terminationGracePeriodSeconds").asLong();
      assertTrue(grace >= drain.plus(requestsDone).plusSeconds(10).toSeconds(),
          name(set) + ": grace " + grace + " s < drain " + drain + " + " + requestsDone + " + 10 s to leave the cluster");
      JsonNode readiness = container(set).path("readinessProbe");
      assertTrue(readiness.path("periodSeconds").asLong(10) * readiness.path("failureThreshold").asLong(3) < drain.toSeconds(),
          name(set) + ": the readiness probe notices the 503 within the drain delay");
      String preStop = container(set).at("/lifecycle/preStop/exec/command").toString();
      assertTrue(preStop.contains("kill -TERM 1"), name(set) + ": preStop starts the node's drain: " + preStop);
    }
  }

  @Test
  void tokensComeFromTheSecretAndPrivatePortsAreNeverExposed() {
    JsonNode secret = DeployFiles.YAML.createObjectNode();
    try {
      secret = DeployFiles.YAML.readTree(DIR.resolve("secret.example.yaml").toFile());
    } catch (Exception e) {
      throw new AssertionError(e);
    }
    for (JsonNode set : kind("StatefulSet")) {
      for (JsonNode var : container(set).path("env")) {
        if (var.path("name").asText().endsWith("_TOKEN")) {
          JsonNode ref = var.at("/valueFrom/secretKeyRef");
          assertEquals(secret.at("/metadata/name").asText(), ref.path("name").asText(), var.toString());
          assertTrue(secret.at("/stringData").has(ref.path("key").asText()), var.toString());
        }
      }
      for (JsonNode port : container(set).path("ports")) {
        assertFalse(port.has("hostPort"), name(set) + " binds a host port");
      }
    }
    for (JsonNode service : kind("Service")) {
      String type = service.at("/spec/type").asText("ClusterIP");
      for (JsonNode port : service.at("/spec/ports")) {
        String target = port.path("targetPort").asText();
        if (!type.equals("ClusterIP")) {
          assertFalse(PRIVATE_PORTS.contains(target), name(service) + " (" + type + ") exposes " + target);
        }
        if (!service.at("/spec/clusterIP").asText().equals("None")) {
          assertFalse(PRIVATE_PORTS.contains(target), name(service) + " balances " + target + "; only headless Services carry it");
        }
      }
    }
    for (JsonNode ingress : kind("Ingress")) {
      for (JsonNode backend : ingress.findValues("service")) {
        JsonNode service = named("Service", backend.path("name").asText());
        assertEquals("ClusterIP", service.at("/spec/type").asText("ClusterIP"));
        assertFalse(service.at("/spec/clusterIP").asText().equals("None"), "an Ingress backend that is not headless");
        for (JsonNode port : service.at("/spec/ports")) {
          assertFalse(PRIVATE_PORTS.contains(port.path("targetPort").asText()), name(ingress) + " reaches " + port);
        }
      }
    }
  }

  @Test
  void everyStatefulSetHasADisruptionBudgetMatchingItsPods() {
    for (JsonNode set : kind("StatefulSet")) {
      JsonNode labels = set.at("/spec/template/metadata/labels");
      assertTrue(kind("PodDisruptionBudget").stream().anyMatch(pdb -> {
        JsonNode match = pdb.at("/spec/selector/matchLabels");
        List<String> keys = new ArrayList<>();
        match.fieldNames().forEachRemaining(keys::add);
        return !keys.isEmpty() && keys.stream().allMatch(k -> match.path(k).equals(labels.path(k)));
      }), name(set) + " has a PodDisruptionBudget");
    }
  }

  private List<JsonNode> kind(String kind) {
    List<JsonNode> result = docs.stream().filter(d -> kind.equals(d.path("kind").asText())).toList();
    assertFalse(result.isEmpty(), "deploy/kubernetes has a " + kind);
    return result;
  }

  private JsonNode named(String kind, String name) {
    JsonNode found = kind(kind).stream().filter(d -> name.equals(name(d))).findFirst().orElse(null);
    assertNotNull(found, "deploy/kubernetes has no " + kind + " " + name);
    return found;
  }

  private static String name(JsonNode doc) {
    return doc.at("/metadata/name").asText();
  }

  private static JsonNode container(JsonNode set) {
    JsonNode containers = set.at("/spec/template/spec/containers");
    assertEquals(1, containers.size(), name(set) + " runs one container");
    return containers.get(0);
  }

  /** The container's plain {@code value} variables ({@code valueFrom} ones as ""). */
  private static Map<String, String> env(JsonNode set) {
    Map<String, String> env = new HashMap<>();
    container(set).path("env").forEach(v -> env.put(v.path("name").asText(), v.path("value").asText("")));
    return env;
  }

  private static Map<String, Integer> containerPorts(JsonNode set) {
    Map<String, Integer> ports = new HashMap<>();
    container(set).path("ports").forEach(p -> ports.put(p.path("name").asText(), p.path("containerPort").asInt()));
    return ports;
  }
}
