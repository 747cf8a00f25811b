package io.rtdispatch.frontend.registry;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import akka.Done;
import akka.actor.testkit.typed.javadsl.ActorTestKit;
import akka.actor.testkit.typed.javadsl.TestProbe;
import akka.actor.typed.ActorRef;
import akka.actor.typed.javadsl.AskPattern;
import akka.cluster.MemberStatus;
import akka.cluster.ddata.ORSet;
import akka.cluster.ddata.SelfUniqueAddress;
import akka.cluster.ddata.typed.javadsl.DistributedData;
import akka.cluster.ddata.typed.javadsl.Replicator;
import akka.cluster.typed.Cluster;
import akka.cluster.typed.Join;
import com.typesafe.config.ConfigFactory;
import io.rtdispatch.common.metrics.Metrics;
import io.rtdispatch.common.registry.Binding;
import io.rtdispatch.common.registry.RegistryKeys;
import io.rtdispatch.common.registry.RegistrySettings;
import io.rtdispatch.frontend.FrontendMetrics;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The registrar against a real one-node cluster's Distributed Data. */
class TopicRegistrarTest {

  private static final Duration WAIT = Duration.ofSeconds(10);
  private static final RegistryKeys KEYS = new RegistryKeys(8);

  private static ActorTestKit testKit;
  private static SelfUniqueAddress self;
  private static String prefix;

  @BeforeAll
  static void startCluster() {
    testKit = ActorTestKit.create(ConfigFactory.parseString("""
        akka.loglevel = WARNING
        akka.actor.provider = cluster
        akka.remote.artery.canonical.hostname = 127.0.0.1
        akka.remote.artery.canonical.port = 0
        akka.cluster.jmx.multi-mbeans-in-same-jvm = on
        akka.cluster.distributed-data.notify-subscribers-interval = 50ms
        """));
    Cluster cluster = Cluster.get(testKit.system());
    cluster.manager().tell(Join.create(cluster.selfMember().address()));
    testKit.createTestProbe().awaitAssert(WAIT, () -> {
      assertEquals(MemberStatus.up(), cluster.selfMember().status());
      return null;
    });
    self = DistributedData.get(testKit.system()).selfUniqueAddress();
    prefix = Binding.prefix(Binding.nodeId(self.uniqueAddress()));
  }

  @AfterAll
  static void stopCluster() {
    testKit.shutdownTestKit();
  }

  private static RegistrySettings settings(Duration grace, Duration reconcile) {
    return new RegistrySettings(KEYS.bucketCount(), "local", Duration.ofSeconds(3), Duration.ofMillis(10), grace, reconcile);
  }

  /** Registrars of one test share the node id with the others': each is stopped after its test. */
  private final List<ActorRef<TopicRegistrar.Command>> registrars = new ArrayList<>();

  @AfterEach
  void stopRegistrars() {
    registrars.forEach(testKit::stop);
  }

  private ActorRef<TopicRegistrar.Command> registrar(RegistrySettings settings, FrontendMetrics metrics) {
    ActorRef<TopicRegistrar.Command> registrar = testKit.spawn(TopicRegistrar.create(settings, metrics, Duration.ZERO));
    registrars.add(registrar);
    return registrar;
  }

  @Test
  void registersOnFirstSubscriberAndUnregistersAfterTheGracePeriod() {
    ActorRef<TopicRegistrar.Command> registrar = registrar(settings(Duration.ofMillis(300), Duration.ofMinutes(5)),
        metrics());
    registrar.tell(new TopicRegistrar.TopicActive("live:grace"));
    awaitRegistered("live:grace", true);
    registrar.tell(new TopicRegistrar.TopicInactive("live:grace"));
    awaitRegistered("live:grace", false);
  }

  @Test
  void aSubscriberReturningWithinTheGracePeriodKeepsTheTopicRegisteredWithoutRewriting() throws Exception {
    FrontendMetrics metrics = metrics();
    ActorRef<TopicRegistrar.Command> registrar = registrar(settings(Duration.ofSeconds(30), Duration.ofMinutes(5)),
        metrics);
    registrar.tell(new TopicRegistrar.TopicActive("live:reload"));
    awaitRegistered("live:reload", true);
    double writes = metrics.registryWrites.count();

    registrar.tell(new TopicRegistrar.TopicInactive("live:reload"));
    registrar.tell(new TopicRegistrar.TopicActive("live:reload"));
    Thread.sleep(300);

    assertTrue(registered().contains("live:reload"));
    assertEquals(writes, metrics.registryWrites.count(), "a page reload does not touch the registry");
  }

  @Test
  void reconciliationRestoresMissingEntriesAndRemovesStaleOnes() {
    FrontendMetrics metrics = metrics();
    ActorRef<TopicRegistrar.Command> registrar = registrar(settings(Duration.ofMillis(200), Duration.ofMillis(300)),
        metrics);
    registrar.tell(new TopicRegistrar.TopicActive("live:lost"));
    awaitRegistered("live:lost", true);

    // Something outside the registrar loses one of its entries and leaves one it never made.
    update("live:lost", false);
    update("live:stale", true);

    awaitRegistered("live:lost", true);
    awaitRegistered("live:stale", false);
    assertTrue(metrics.registryRepairs.count() >= 2);
  }

  @Test
  void unregisterAllRemovesEveryEntryOfTheNodeAndReplies() {
    ActorRef<TopicRegistrar.Command> registrar = registrar(settings(Duration.ofSeconds(30), Duration.ofMinutes(5)),
        metrics());
    for (String topic : Set.of("bye:1", "bye:2", "bye:3")) {
      registrar.tell(new TopicRegistrar.TopicActive(topic));
    }
    registrar.tell(new TopicRegistrar.TopicInactive("bye:3"));
    awaitRegistered("bye:1", true);
    awaitRegistered("bye:2", true);
    awaitRegistered("bye:3", true);

    TestProbe<Done> done = testKit.createTestProbe();
    registrar.tell(new TopicRegistrar.UnregisterAll(done.getRef()));
    done.expectMessage(WAIT, Done.getInstance());

    Set<String> left = registered();
    assertTrue(!left.contains("bye:1") && !left.contains("bye:2") && !left.contains("bye:3"), left.toString());
    registrar.tell(new TopicRegistrar.TopicActive("bye:4"));
    done.expectNoMessage(Duration.ofMillis(200));
    assertTrue(!registered().contains("bye:4"), "a stopping node registers nothing new");
  }

  private static FrontendMetrics metrics() {
    return new FrontendMetrics(new Metrics("test"));
  }

  private static void awaitRegistered(String topic, boolean expected) {
    testKit.createTestProbe().awaitAssert(WAIT, () -> {
      assertEquals(expected, registered().contains(topic), topic + " registered");
      return null;
    });
  }

  /** Topics this node has in the registry, read from the local replica. */
  private static Set<String> registered() {
    try {
      return readRegistered();
    } catch (Exception e) {
      throw new AssertionError("could not read the registry", e);
    }
  }

  private static Set<String> readRegistered() throws Exception {
    Set<String> topics = new HashSet<>();
    for (int bucket = 0; bucket < KEYS.bucketCount(); bucket++) {
      int b = bucket;
      Replicator.GetResponse<ORSet<String>> response = AskPattern.<Replicator.Command, Replicator.GetResponse<ORSet<String>>>ask(
          DistributedData.get(testKit.system()).replicator(),
          replyTo -> new Replicator.Get<>(KEYS.key(b), Replicator.readLocal(), replyTo), WAIT, testKit.scheduler())
          .toCompletableFuture().get(10, TimeUnit.SECONDS);
      if (response instanceof Replicator.GetSuccess<ORSet<String>> success) {
        success.dataValue().getElements().stream().filter(e -> e.startsWith(prefix))
            .forEach(e -> topics.add(Binding.topicOf(e)));
      }
    }
    return topics;
  }

  private static void update(String topic, boolean add) {
    TestProbe<Replicator.UpdateResponse<ORSet<String>>> reply = testKit.createTestProbe();
    DistributedData.get(testKit.system()).replicator().tell(new Replicator.Update<>(KEYS.keyOf(topic), ORSet.create(),
        Replicator.writeLocal(), reply.getRef(),
        set -> add ? set.add(self, prefix + topic) : set.remove(self, prefix + topic)));
    reply.expectMessageClass(Replicator.UpdateSuccess.class);
  }
}
