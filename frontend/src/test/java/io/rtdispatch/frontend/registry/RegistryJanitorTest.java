package io.rtdispatch.frontend.registry;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import akka.actor.testkit.typed.javadsl.ActorTestKit;
import akka.actor.testkit.typed.javadsl.TestProbe;
import akka.actor.typed.ActorSystem;
import akka.actor.typed.javadsl.AskPattern;
import akka.cluster.MemberStatus;
import akka.cluster.UniqueAddress;
import akka.cluster.ddata.ORSet;
import akka.cluster.ddata.SelfUniqueAddress;
import akka.cluster.ddata.typed.javadsl.DistributedData;
import akka.cluster.ddata.typed.javadsl.Replicator;
import akka.cluster.typed.Cluster;
import akka.cluster.typed.Join;
import akka.cluster.typed.Leave;
import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import io.rtdispatch.common.metrics.Metrics;
import io.rtdispatch.common.registry.Binding;
import io.rtdispatch.common.registry.RegistryKeys;
import io.rtdispatch.common.registry.RegistrySettings;
import io.rtdispatch.frontend.FrontendMetrics;
import java.time.Duration;
import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Two frontend nodes in one JVM: when one leaves the cluster, the other (now the oldest frontend)
 * removes its registry entries; entries of nodes that were never members are swept too.
 */
class RegistryJanitorTest {

  private static final Duration WAIT = Duration.ofSeconds(20);
  private static final RegistryKeys KEYS = new RegistryKeys(4);
  private static final Config CONFIG = ConfigFactory.parseString("""
      akka.loglevel = WARNING
      akka.actor.provider = cluster
      akka.remote.artery.canonical.hostname = 127.0.0.1
      akka.remote.artery.canonical.port = 0
      akka.cluster.roles = [frontend]
      akka.cluster.jmx.multi-mbeans-in-same-jvm = on
      akka.cluster.distributed-data.notify-subscribers-interval = 50ms
      akka.coordinated-shutdown.exit-jvm = off
      """);

  private final ActorTestKit first = ActorTestKit.create("rtd-janitor", CONFIG);
  private final ActorTestKit second = ActorTestKit.create("rtd-janitor", CONFIG);

  @AfterEach
  void shutdown() {
    second.shutdownTestKit();
    first.shutdownTestKit();
  }

  private static RegistrySettings settings(Duration sweep) {
    return new RegistrySettings(KEYS.bucketCount(), "all", Duration.ofSeconds(3), Duration.ofMillis(10),
        Duration.ofSeconds(30), sweep);
  }

  @Test
  void theOldestFrontendRemovesTheEntriesOfANodeThatLeft() {
    formCluster();
    FrontendMetrics metrics = new FrontendMetrics(new Metrics("test"));
    second.spawn(RegistryJanitor.create(settings(Duration.ofMinutes(5)), metrics));
    first.spawn(RegistryJanitor.create(settings(Duration.ofMinutes(5)), metrics));
    var registrar = first.spawn(TopicRegistrar.create(settings(Duration.ofMinutes(5)), metrics, Duration.ZERO));
    registrar.tell(new TopicRegistrar.TopicActive("live:leaving"));
    String leavingId = Binding.nodeId(Cluster.get(first.system()).selfMember().uniqueAddress());
    awaitBindings(second.system(), leavingId, true);

    // The first node is the oldest frontend; once it has left, the second one is, and cleans up.
    Cluster.get(first.system()).manager().tell(Leave.create(Cluster.get(first.system()).selfMember().address()));

    awaitBindings(second.system(), leavingId, false);
  }

  @Test
  void aPeriodicSweepRemovesEntriesOfNodesThatAreNotMembers() {
    formCluster();
    FrontendMetrics metrics = new FrontendMetrics(new Metrics("test"));
    first.spawn(RegistryJanitor.create(settings(Duration.ofMillis(300)), metrics));
    SelfUniqueAddress ghost = new SelfUniqueAddress(new UniqueAddress(
        Cluster.get(first.system()).selfMember().address(), 4242L));
    String ghostId = Binding.nodeId(ghost.uniqueAddress());
    String liveId = Binding.nodeId(Cluster.get(second.system()).selfMember().uniqueAddress());
    update(first.system(), "live:ghost", ghostId);
    update(first.system(), "live:kept", liveId);

    awaitBindings(first.system(), ghostId, false);
    assertTrue(bindings(first.system()).contains(Binding.of(liveId, "live:kept")), "members' entries stay");
    assertTrue(metrics.registryRepairs.count() >= 1);
  }

  private void formCluster() {
    Cluster a = Cluster.get(first.system());
    a.manager().tell(Join.create(a.selfMember().address()));
    Cluster.get(second.system()).manager().tell(Join.create(a.selfMember().address()));
    TestProbe<Object> probe = first.createTestProbe();
    probe.awaitAssert(WAIT, () -> {
      assertEquals(MemberStatus.up(), a.selfMember().status());
      assertEquals(MemberStatus.up(), Cluster.get(second.system()).selfMember().status());
      return null;
    });
  }

  private void awaitBindings(ActorSystem<?> system, String nodeId, boolean present) {
    first.createTestProbe().awaitAssert(WAIT, () -> {
      boolean any = bindings(system).stream().anyMatch(b -> Binding.nodeOf(b).equals(nodeId));
      if (present) {
        assertTrue(any, "entries of " + nodeId + " expected");
      } else {
        assertFalse(any, "entries of " + nodeId + " should be gone");
      }
      return null;
    });
  }

  private static Set<String> bindings(ActorSystem<?> system) {
    Set<String> all = new HashSet<>();
    for (int bucket = 0; bucket < KEYS.bucketCount(); bucket++) {
      int b = bucket;
      try {
        Replicator.GetResponse<ORSet<String>> response = AskPattern.<Replicator.Command, Replicator.GetResponse<ORSet<String>>>ask(
            DistributedData.get(system).replicator(),
            replyTo -> new Replicator.Get<>(KEYS.key(b), Replicator.readLocal(), replyTo), WAIT, system.scheduler())
            .toCompletableFuture().get(10, TimeUnit.SECONDS);
        if (response instanceof Replicator.GetSuccess<ORSet<String>> success) {
          all.addAll(success.dataValue().getElements());
        }
      } catch (Exception e) {
        throw new AssertionError("could not read the registry", e);
      }
    }
    return all;
  }

  private void update(ActorSystem<?> system, String topic, String nodeId) {
    TestProbe<Replicator.UpdateResponse<ORSet<String>>> reply = first.createTestProbe();
    SelfUniqueAddress writer = DistributedData.get(system).selfUniqueAddress();
    DistributedData.get(system).replicator().tell(new Replicator.Update<>(KEYS.keyOf(topic), ORSet.create(),
        Replicator.writeLocal(), reply.getRef(), set -> set.add(writer, Binding.of(nodeId, topic))));
    reply.expectMessageClass(Replicator.UpdateSuccess.class);
  }
}
