package io.rtdispatch.dispatcher.fanout;

import static org.junit.jupiter.api.Assertions.assertEquals;

import akka.actor.testkit.typed.javadsl.ActorTestKit;
import akka.actor.testkit.typed.javadsl.FishingOutcomes;
import akka.actor.testkit.typed.javadsl.TestProbe;
import akka.actor.typed.ActorRef;
import akka.actor.typed.receptionist.Receptionist;
import akka.cluster.MemberStatus;
import akka.cluster.ddata.LWWMap;
import akka.cluster.ddata.SelfUniqueAddress;
import akka.cluster.ddata.typed.javadsl.DistributedData;
import akka.cluster.ddata.typed.javadsl.Replicator;
import akka.cluster.typed.Cluster;
import akka.cluster.typed.Join;
import com.typesafe.config.Config;
import io.rtdispatch.common.delivery.InProcessFrontends;
import io.rtdispatch.common.event.Event;
import io.rtdispatch.common.flow.ByteBudget;
import io.rtdispatch.common.flow.PendingLimit;
import io.rtdispatch.common.metrics.Metrics;
import io.rtdispatch.common.settings.SecuritySettings;
import io.rtdispatch.common.registry.Binding;
import io.rtdispatch.common.registry.RegistryKeys;
import io.rtdispatch.common.registry.RegistryProtocol;
import io.rtdispatch.common.testing.OneNodeCluster;
import io.rtdispatch.dispatcher.DispatcherMetrics;
import io.rtdispatch.dispatcher.DispatcherSettings;
import io.rtdispatch.dispatcher.history.RecentEvents;
import io.rtdispatch.dispatcher.registry.RegistryView;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The dispatcher's router with real actors on a real two-node cluster (node a: dispatcher and
 * frontend, node b: frontend): an event goes to exactly the frontends whose topics include its
 * topic, one batch per frontend per publish, and nowhere when none has it. The frontends take
 * events in process ({@link InProcessFrontends}, as an embedded node does): each is a probe's
 * intake registered under its node id in node a, where the router runs. Their topics reach the
 * router's registry view as frontends' registrars send them ({@link RegistryProtocol.Delta}),
 * their endpoints through the replicated endpoint map.
 */
class RouterTest {

  private static final Duration WAIT = Duration.ofSeconds(30);
  private static ActorTestKit a;
  private static ActorTestKit b;
  private static String nodeA;
  private static String nodeB;
  private static TestProbe<List<Event>> atA;
  private static TestProbe<List<Event>> atB;
  private static DispatcherMetrics metrics;
  private static ActorRef<Router.Command> router;

  @BeforeAll
  static void start() {
    a = OneNodeCluster.create("rtd", "akka.cluster.roles = [dispatcher, frontend]");
    b = OneNodeCluster.create("rtd", "akka.cluster.roles = [frontend]");
    Cluster clusterA = Cluster.get(a.system());
    Cluster clusterB = Cluster.get(b.system());
    clusterA.manager().tell(Join.create(clusterA.selfMember().address()));
    clusterB.manager().tell(Join.create(clusterA.selfMember().address()));
    a.createTestProbe().awaitAssert(WAIT, () -> {
      assertEquals(2, clusterA.state().members().count(m -> m.status() == MemberStatus.up()));
      return null;
    });
    nodeA = Binding.nodeId(clusterA.selfMember().uniqueAddress());
    nodeB = Binding.nodeId(clusterB.selfMember().uniqueAddress());

    atA = a.createTestProbe();
    atB = a.createTestProbe();
    InProcessFrontends.get(a.system()).register(nodeA, events -> {
      atA.getRef().tell(events);
      return true;
    });
    InProcessFrontends.get(a.system()).register(nodeB, events -> {
      atB.getRef().tell(events);
      return true;
    });

    Config config = a.system().settings().config();
    DispatcherSettings settings = DispatcherSettings.from(config, "dc-test", SecuritySettings.from(config));
    Metrics meters = new Metrics("dc-test");
    metrics = new DispatcherMetrics(meters);
    router = a.spawn(Router.create(settings, "", metrics,
        new PendingLimit(1000, 1 << 20, "this dispatcher", "routed"), new ByteBudget(1 << 20),
        new RecentEvents(settings.history(), meters, System::currentTimeMillis),
        CompletableFuture.completedFuture("http://127.0.0.1:9/dispatcher-internal")), "router");

    advertise(a, nodeA);
    advertise(b, nodeB);
    ActorRef<RegistryProtocol.ToView> view = routerView();
    subscribe(view, nodeA, 1, List.of("t:a", "t:both"));
    subscribe(view, nodeB, 1, List.of("t:b", "t:both"));
  }

  @AfterAll
  static void stop() {
    b.shutdownTestKit();
    a.shutdownTestKit();
  }

  /** Puts {@code nodeId} → a URL into the endpoint map, as the frontend's endpoint advertiser does. */
  private static void advertise(ActorTestKit node, String nodeId) {
    SelfUniqueAddress self = DistributedData.get(node.system()).selfUniqueAddress();
    TestProbe<Replicator.UpdateResponse<LWWMap<String, String>>> written = node.createTestProbe();
    DistributedData.get(node.system()).replicator().tell(new Replicator.Update<>(RegistryKeys.ENDPOINTS,
        LWWMap.create(), Replicator.writeLocal(), written.getRef(),
        map -> map.put(self, nodeId, "http://127.0.0.1:9/unused-in-process")));
    written.expectMessageClass(Replicator.UpdateSuccess.class, WAIT);
  }

  /** The router's registry view, as frontends find it (the Receptionist). */
  private static ActorRef<RegistryProtocol.ToView> routerView() {
    TestProbe<Receptionist.Listing> listing = a.createTestProbe();
    AtomicReference<ActorRef<RegistryProtocol.ToView>> found = new AtomicReference<>();
    listing.awaitAssert(WAIT, () -> {
      a.system().receptionist().tell(Receptionist.find(RegistryProtocol.VIEWS, listing.getRef()));
      Set<ActorRef<RegistryProtocol.ToView>> views =
          listing.receiveMessage().getServiceInstances(RegistryProtocol.VIEWS);
      assertEquals(1, views.size());
      found.set(views.iterator().next());
      return null;
    });
    return found.get();
  }

  /** Sends frontend {@code nodeId}'s change {@code seq} and waits for the view's acknowledgement (it routes there now). */
  private static void subscribe(ActorRef<RegistryProtocol.ToView> view, String nodeId, long seq, List<String> topics) {
    TestProbe<RegistryProtocol.ToRegistrar> registrar = a.createTestProbe();
    view.tell(new RegistryProtocol.Delta(nodeId, seq, topics, List.of(), registrar.getRef()));
    registrar.fishForMessage(WAIT, "the view's acknowledgement of change " + seq, message ->
        message instanceof RegistryProtocol.Ack ack && ack.seq() == seq
            ? FishingOutcomes.complete() : FishingOutcomes.continueAndIgnore());
  }

  private static Event event(String id, String topic) {
    return Event.create(id, topic, "t", "1".getBytes(StandardCharsets.UTF_8), 1);
  }

  @Test
  void anEventGoesToExactlyTheFrontendsWithItsTopic() {
    Event onlyA = event("1-1", "t:a");
    Event onlyB = event("1-2", "t:b");
    Event both = event("1-3", "t:both");
    Event nobody = event("1-4", "t:nobody");
    double unroutable = metrics.unroutable.count();
    router.tell(new Router.Dispatch(List.of(onlyA, nobody, onlyB, both)));

    // one batch per frontend per publish: what a frontend did not get in it, it does not get
    assertEquals(List.of(onlyA, both), atA.receiveMessage(WAIT));
    assertEquals(List.of(onlyB, both), atB.receiveMessage(WAIT));
    assertEquals(unroutable + 1, metrics.unroutable.count(), "the event no frontend has is counted, not sent");

    // and an event for nobody alone is sent nowhere: the next publish's batches hold only the canary
    Event canary = event("1-6", "t:both");
    router.tell(new Router.Dispatch(List.of(event("1-5", "t:nobody"))));
    router.tell(new Router.Dispatch(List.of(canary)));
    assertEquals(List.of(canary), atA.receiveMessage(WAIT));
    assertEquals(List.of(canary), atB.receiveMessage(WAIT));
  }

  @Test
  void lookupNamesTheFrontendsAnEventWouldGoTo() {
    TestProbe<Router.Routes> routes = a.createTestProbe();
    router.tell(new Router.Lookup("t:both", routes.getRef()));
    assertEquals(Set.of(nodeA, nodeB), Set.copyOf(routes.receiveMessage(WAIT).frontends().stream()
        .map(RegistryView.FrontendEndpoint::nodeId).toList()));
    router.tell(new Router.Lookup("t:b", routes.getRef()));
    assertEquals(List.of(nodeB), routes.receiveMessage(WAIT).frontends().stream()
        .map(RegistryView.FrontendEndpoint::nodeId).toList());
    router.tell(new Router.Lookup("t:nobody", routes.getRef()));
    assertEquals(List.of(), routes.receiveMessage(WAIT).frontends());
  }
}
