package io.rtdispatch.common.registry;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import akka.Done;
import akka.actor.testkit.typed.javadsl.ActorTestKit;
import akka.actor.testkit.typed.javadsl.TestProbe;
import akka.actor.typed.ActorRef;
import akka.cluster.ddata.Key;
import akka.cluster.ddata.LWWMap;
import akka.cluster.ddata.LWWMapKey;
import akka.cluster.ddata.SelfUniqueAddress;
import akka.cluster.ddata.typed.javadsl.DistributedData;
import akka.cluster.ddata.typed.javadsl.Replicator;
import akka.cluster.typed.Cluster;
import io.rtdispatch.common.metrics.Metrics;
import io.rtdispatch.common.testing.OneNodeCluster;
import io.rtdispatch.common.testing.PrometheusText;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The shared advertiser on a one-node cluster whose node has the role {@code frontend}. */
class NodeEntryAdvertiserTest {

  private static final Duration WAIT = Duration.ofSeconds(10);
  private static final Duration EVERY = Duration.ofMillis(100);
  private static final AtomicInteger MAPS = new AtomicInteger();

  private static ActorTestKit testKit;
  private static String selfId;

  @BeforeAll
  static void startCluster() {
    testKit = OneNodeCluster.start("akka.cluster.roles = [frontend]", WAIT);
    Cluster cluster = Cluster.get(testKit.system());
    selfId = Binding.nodeId(cluster.selfMember().uniqueAddress());
  }

  @AfterAll
  static void stopCluster() {
    testKit.shutdownTestKit();
  }

  private static Key<LWWMap<String, String>> newKey() {
    return LWWMapKey.create("test-map-" + MAPS.incrementAndGet());
  }

  private static ActorRef<NodeEntryAdvertiser.Command> advertiser(Key<LWWMap<String, String>> key, String role,
      Metrics metrics) {
    return testKit.spawn(NodeEntryAdvertiser.create(
        new NodeEntryAdvertiser.MapSettings(key, role, Replicator.writeLocal(), EVERY), metrics));
  }

  private static Map<String, String> read(Key<LWWMap<String, String>> key) {
    TestProbe<Replicator.GetResponse<LWWMap<String, String>>> probe = testKit.createTestProbe();
    DistributedData.get(testKit.system()).replicator()
        .tell(new Replicator.Get<>(key, Replicator.readLocal(), probe.ref()));
    return probe.receiveMessage(WAIT) instanceof Replicator.GetSuccess<LWWMap<String, String>> success
        ? success.dataValue().getEntries() : Map.of();
  }

  private static void write(Key<LWWMap<String, String>> key,
      Function<LWWMap<String, String>, LWWMap<String, String>> change) {
    TestProbe<Replicator.UpdateResponse<LWWMap<String, String>>> probe = testKit.createTestProbe();
    DistributedData.get(testKit.system()).replicator().tell(new Replicator.Update<>(key, LWWMap.create(),
        Replicator.writeLocal(), probe.ref(), change));
    assertTrue(probe.receiveMessage(WAIT) instanceof Replicator.UpdateSuccess);
  }

  private static SelfUniqueAddress self() {
    return DistributedData.get(testKit.system()).selfUniqueAddress();
  }

  private static void awaitMap(Key<LWWMap<String, String>> key, Map<String, String> expected) {
    testKit.createTestProbe().awaitAssert(WAIT, () -> {
      assertEquals(expected, read(key));
      return null;
    });
  }

  @Test
  void writesItsEntryWritesItAgainWhenLostAndRemovesItOnWithdraw() {
    Key<LWWMap<String, String>> key = newKey();
    Metrics metrics = new Metrics("test");
    ActorRef<NodeEntryAdvertiser.Command> advertiser = advertiser(key, "frontend", metrics);
    advertiser.tell(new NodeEntryAdvertiser.Advertise("http://127.0.0.1:1"));
    awaitMap(key, Map.of(selfId, "http://127.0.0.1:1"));
    testKit.createTestProbe().awaitAssert(WAIT, () -> {
      assertEquals(1, PrometheusText.value(metrics.scrape(), "rtd_cluster_map_entries", "map=\"" + key.id() + "\""));
      return null;
    });

    write(key, map -> map.remove(self(), selfId)); // as if lost in a partition
    awaitMap(key, Map.of(selfId, "http://127.0.0.1:1"));

    TestProbe<Done> withdrawn = testKit.createTestProbe();
    advertiser.tell(new NodeEntryAdvertiser.Withdraw(withdrawn.ref()));
    withdrawn.receiveMessage(WAIT);
    assertEquals(Map.of(), read(key));
    testKit.stop(advertiser);
  }

  @Test
  void theRolesOldestMemberRemovesEntriesOfNodesNotInTheCluster() {
    Key<LWWMap<String, String>> owned = newKey();
    Key<LWWMap<String, String>> other = newKey(); // written by another role: this node does not clean it
    Metrics metrics = new Metrics("test");
    ActorRef<NodeEntryAdvertiser.Command> frontend = advertiser(owned, "frontend", metrics);
    ActorRef<NodeEntryAdvertiser.Command> dispatcher = advertiser(other, "dispatcher", metrics);
    write(owned, map -> map.put(self(), "gone1", "http://127.0.0.1:2"));
    write(other, map -> map.put(self(), "gone2", "http://127.0.0.1:3"));
    frontend.tell(new NodeEntryAdvertiser.Advertise("http://127.0.0.1:1"));

    awaitMap(owned, Map.of(selfId, "http://127.0.0.1:1"));
    assertEquals(Map.of("gone2", "http://127.0.0.1:3"), read(other), "no member of its role here: nobody cleans it");
    testKit.stop(frontend);
    testKit.stop(dispatcher);
  }
}
