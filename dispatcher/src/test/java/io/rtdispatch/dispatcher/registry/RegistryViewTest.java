package io.rtdispatch.dispatcher.registry;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import akka.actor.Address;
import akka.actor.testkit.typed.javadsl.ActorTestKit;
import akka.actor.testkit.typed.javadsl.TestProbe;
import akka.cluster.Member;
import akka.cluster.Member$;
import akka.cluster.MemberStatus;
import akka.cluster.UniqueAddress;
import akka.util.Version;
import io.rtdispatch.common.registry.Binding;
import io.rtdispatch.common.registry.RegistryProtocol;
import io.rtdispatch.common.registry.RegistryProtocol.ToRegistrar;
import io.rtdispatch.common.registry.RegistryProtocol.ToView;
import io.rtdispatch.dispatcher.registry.RegistryView.FrontendEndpoint;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import scala.jdk.javaapi.CollectionConverters;

/**
 * Members are built with Akka's own factory ({@code Member.apply}, status Joining) and moved
 * through their lifecycle with {@link Member#copy} / {@link Member#copyUp}, which enforce the
 * real status transitions. Topics come as the frontends' registrars send them ({@link RegistryProtocol}).
 */
class RegistryViewTest {

  private static final ActorTestKit testKit = ActorTestKit.create();

  private final TestProbe<ToView> self = testKit.createTestProbe();
  private final TestProbe<ToRegistrar> registrar = testKit.createTestProbe();
  private static final String DISPATCHER = "dispatcher-id";
  private static final String HISTORY_URL = "http://10.0.0.9:9090";

  private final RegistryView view = boundView();
  private final Map<String, String> endpoints = new HashMap<>();
  private final Map<String, Long> seqs = new HashMap<>();
  /** Frontends this view has introduced itself to (a ViewInfo goes before the first acknowledgement). */
  private final Set<String> introduced = new java.util.HashSet<>();

  /** A view whose dispatcher's internal port is bound (as once the node is up). */
  private RegistryView boundView() {
    RegistryView bound = new RegistryView(self.ref(), DISPATCHER);
    bound.historyAt(HISTORY_URL);
    return bound;
  }

  /** The registrar's next messages: the view's ViewInfo if this frontend has not had it, then the acknowledgement. */
  private void expectAck(String frontendId, long seq) {
    if (introduced.add(frontendId)) {
      assertEquals(new RegistryProtocol.ViewInfo(self.ref(), DISPATCHER, HISTORY_URL), registrar.receiveMessage());
    }
    assertEquals(new RegistryProtocol.Ack(self.ref(), seq), registrar.receiveMessage());
  }

  @AfterAll
  static void stop() {
    testKit.shutdownTestKit();
  }

  private static UniqueAddress address(String host, long uid) {
    return new UniqueAddress(new Address("akka", "rtd", host, 2552), uid);
  }

  private static Member joining(UniqueAddress address, String... roles) {
    Set<String> all = new java.util.HashSet<>(List.of(roles));
    all.add("dc-default");
    return Member$.MODULE$.apply(address, CollectionConverters.asScala(all).toSet(), Version.Zero());
  }

  private static Member upFrontend(UniqueAddress address) {
    return joining(address, "frontend").copyUp(1);
  }

  private static String url(UniqueAddress address) {
    return "http://" + address.address().host().get() + ":8080";
  }

  private static FrontendEndpoint frontend(UniqueAddress address) {
    String id = Binding.nodeId(address);
    return new FrontendEndpoint(id, url(address));
  }

  /** Publishes the endpoint of {@code address} (as a frontend's NodeEntryAdvertiser would). */
  private void endpoint(UniqueAddress address) {
    endpoints.put(Binding.nodeId(address), url(address));
    view.endpointsChanged(Map.copyOf(endpoints));
  }

  private void bind(UniqueAddress address, String topic) {
    delta(address, List.of(topic), List.of());
  }

  private void unbind(UniqueAddress address, String topic) {
    delta(address, List.of(), List.of(topic));
  }

  /**
   * The frontend's next change, as its registrar sends it; the view acknowledges it at once if it
   * routes to that frontend now (else it holds the acknowledgement: see the test of that).
   */
  private void delta(UniqueAddress address, List<String> added, List<String> removed) {
    long seq = seqs.merge(Binding.nodeId(address), 1L, Long::sum);
    boolean routable = view.routable().stream().anyMatch(f -> f.nodeId().equals(Binding.nodeId(address)));
    view.topicsChanged(new RegistryProtocol.Delta(Binding.nodeId(address), seq, added, removed, registrar.ref()));
    if (routable) {
      expectAck(Binding.nodeId(address), seq);
    }
  }

  @Test
  void aChangeIsAcknowledgedOnlyOnceTheViewRoutesToItsFrontend() {
    UniqueAddress a = address("10.0.0.1", 1);
    view.memberChanged(upFrontend(a));
    bind(a, "live:42"); // Up, but no endpoint yet: an acknowledgement now would promise a route that drops

    endpoint(a);
    expectAck(Binding.nodeId(a), 1);
    assertEquals(List.of(frontend(a)), view.lookup("live:42"));
    bind(a, "live:43"); // canary: its Ack(2) comes next, so Ack(1) was sent once, after the endpoint
  }

  @Test
  void aViewAcknowledgesNothingBeforeItsDispatchersInternalUrlIsKnownAndIntroducesItselfOnce() {
    RegistryView unbound = new RegistryView(self.ref(), DISPATCHER);
    UniqueAddress a = address("10.0.0.1", 1);
    String id = Binding.nodeId(a);
    unbound.memberChanged(upFrontend(a));
    unbound.endpointsChanged(Map.of(id, url(a)));
    unbound.topicsChanged(new RegistryProtocol.Delta(id, 1, List.of("live:1"), List.of(), registrar.ref()));
    // Routable here, but the frontend could not yet ask this dispatcher's history: "routable" would promise recovery.
    registrar.expectNoMessage(java.time.Duration.ofMillis(200));

    unbound.historyAt(HISTORY_URL);
    assertEquals(new RegistryProtocol.ViewInfo(self.ref(), DISPATCHER, HISTORY_URL), registrar.receiveMessage());
    assertEquals(new RegistryProtocol.Ack(self.ref(), 1), registrar.receiveMessage());
    unbound.topicsChanged(new RegistryProtocol.Delta(id, 2, List.of("live:2"), List.of(), registrar.ref()));
    assertEquals(new RegistryProtocol.Ack(self.ref(), 2), registrar.receiveMessage(), "introduced once per frontend");
  }

  /** An Up frontend with an endpoint and a binding for {@code topic}. */
  private Member routableFrontend(UniqueAddress address, String topic) {
    Member member = upFrontend(address);
    view.memberChanged(member);
    endpoint(address);
    bind(address, topic);
    return member;
  }

  @Test
  void routesToAnUpReachableFrontendWithEndpointAndBinding() {
    UniqueAddress a = address("10.0.0.1", 1);
    routableFrontend(a, "live:42");

    assertEquals(List.of(frontend(a)), view.lookup("live:42"));
    assertEquals(List.of(frontend(a)), view.routable());
  }

  @Test
  void routesNothingForATopicWithoutBinding() {
    UniqueAddress a = address("10.0.0.1", 1);
    routableFrontend(a, "live:42");

    assertEquals(List.of(), view.lookup("live:43"));
    assertEquals(List.of(), view.lookup("member:7"));
  }

  @Test
  void routesNothingBeforeAnyRegistryData() {
    assertEquals(List.of(), view.lookup("live:42"));
    assertEquals(List.of(), view.routable());
    assertEquals(0, view.entries());
  }

  @Test
  void routesOnlyToTheFrontendsHoldingTheBinding() {
    UniqueAddress a = address("10.0.0.1", 11);
    UniqueAddress b = address("10.0.0.2", 22);
    UniqueAddress c = address("10.0.0.3", 33);
    routableFrontend(a, "live:42");
    routableFrontend(b, "member:7");
    routableFrontend(c, "live:42");

    List<FrontendEndpoint> found = view.lookup("live:42");

    assertEquals(Set.of(frontend(a), frontend(c)), Set.copyOf(found));
    assertEquals(2, found.size());
    assertEquals(List.of(frontend(b)), view.lookup("member:7"));
  }

  @Test
  void stopsRoutingWhenTheBindingIsRemoved() {
    UniqueAddress a = address("10.0.0.1", 1);
    routableFrontend(a, "live:42");
    bind(a, "live:43");

    unbind(a, "live:42");

    assertEquals(List.of(), view.lookup("live:42"));
    assertEquals(List.of(frontend(a)), view.lookup("live:43"));
  }

  @Test
  void doesNotRouteToAFrontendWithoutEndpoint() {
    UniqueAddress a = address("10.0.0.1", 1);
    view.memberChanged(upFrontend(a));
    bind(a, "live:42");

    assertEquals(List.of(), view.lookup("live:42"));

    endpoint(a);
    assertEquals(List.of(frontend(a)), view.lookup("live:42"));
  }

  @Test
  void stopsRoutingWhenTheEndpointDisappears() {
    UniqueAddress a = address("10.0.0.1", 1);
    routableFrontend(a, "live:42");

    view.endpointsChanged(Map.of());

    assertEquals(List.of(), view.lookup("live:42"));
  }

  @Test
  void usesTheLatestEndpointOfAFrontend() {
    UniqueAddress a = address("10.0.0.1", 1);
    routableFrontend(a, "live:42");

    view.endpointsChanged(Map.of(Binding.nodeId(a), "http://moved:9000"));

    assertEquals(List.of(new FrontendEndpoint(Binding.nodeId(a), "http://moved:9000")),
        view.lookup("live:42"));
  }

  @Test
  void doesNotRouteToAFrontendThatIsStillJoining() {
    UniqueAddress a = address("10.0.0.1", 1);
    view.memberChanged(joining(a, "frontend"));
    endpoint(a);
    bind(a, "live:42");

    assertEquals(List.of(), view.lookup("live:42"));

    view.memberChanged(joining(a, "frontend").copyUp(1));
    assertEquals(List.of(frontend(a)), view.lookup("live:42"));
  }

  @Test
  void routesToAWeaklyUpFrontend() {
    UniqueAddress a = address("10.0.0.1", 1);
    view.memberChanged(joining(a, "frontend").copy(MemberStatus.weaklyUp()));
    endpoint(a);
    bind(a, "live:42");

    assertEquals(List.of(frontend(a)), view.lookup("live:42"));
  }

  @Test
  void ignoresMembersWithoutTheFrontendRole() {
    UniqueAddress d = address("10.0.0.9", 9);
    view.memberChanged(joining(d, "dispatcher").copyUp(1));
    endpoint(d);
    bind(d, "live:42");

    assertEquals(List.of(), view.lookup("live:42"));
    assertEquals(Set.of(), view.memberIds());
  }

  @Test
  void routesToAMemberWithBothRoles() {
    UniqueAddress a = address("10.0.0.1", 1);
    view.memberChanged(joining(a, "dispatcher", "frontend").copyUp(1));
    endpoint(a);
    bind(a, "live:42");

    assertEquals(List.of(frontend(a)), view.lookup("live:42"));
  }

  @Test
  void excludesAnUnreachableFrontendAndIncludesItAgainWhenReachable() {
    UniqueAddress a = address("10.0.0.1", 1);
    UniqueAddress b = address("10.0.0.2", 2);
    Member memberA = routableFrontend(a, "live:42");
    routableFrontend(b, "live:42");

    view.reachabilityChanged(memberA, false);
    assertEquals(List.of(frontend(b)), view.lookup("live:42"));
    assertEquals(List.of(frontend(b)), view.routable());

    view.reachabilityChanged(memberA, true);
    assertEquals(Set.of(frontend(a), frontend(b)), Set.copyOf(view.lookup("live:42")));
  }

  @Test
  void anUnreachableFrontendThatBecomesUpStaysExcluded() {
    UniqueAddress a = address("10.0.0.1", 1);
    Member joining = joining(a, "frontend");
    view.memberChanged(joining);
    endpoint(a);
    bind(a, "live:42");
    view.reachabilityChanged(joining, false);

    view.memberChanged(joining.copyUp(1));

    assertEquals(List.of(), view.lookup("live:42"));
  }

  @Test
  void unreachableFrontendKeepsItsEntries() {
    UniqueAddress a = address("10.0.0.1", 1);
    Member member = routableFrontend(a, "live:42");

    view.reachabilityChanged(member, false);

    assertEquals(1, view.entries());
    assertEquals(Set.of(Binding.nodeId(a)), view.memberIds());
  }

  @Test
  void excludesALeavingFrontend() {
    UniqueAddress a = address("10.0.0.1", 1);
    Member up = routableFrontend(a, "live:42");

    view.memberChanged(up.copy(MemberStatus.leaving()));

    assertEquals(List.of(), view.lookup("live:42"));
    assertEquals(List.of(), view.routable());
  }

  @Test
  void excludesAnExitingFrontend() {
    UniqueAddress a = address("10.0.0.1", 1);
    Member up = routableFrontend(a, "live:42");

    view.memberChanged(up.copy(MemberStatus.leaving()).copy(MemberStatus.exiting()));

    assertEquals(List.of(), view.lookup("live:42"));
  }

  @Test
  void excludesADownedFrontend() {
    UniqueAddress a = address("10.0.0.1", 1);
    Member up = routableFrontend(a, "live:42");

    view.memberChanged(up.copy(MemberStatus.down()));

    assertEquals(List.of(), view.lookup("live:42"));
    assertEquals(Set.of(Binding.nodeId(a)), view.memberIds());
  }

  @Test
  void excludesAndForgetsARemovedFrontend() {
    UniqueAddress a = address("10.0.0.1", 1);
    UniqueAddress b = address("10.0.0.2", 2);
    Member up = routableFrontend(a, "live:42");
    routableFrontend(b, "live:42");

    view.memberChanged(up.copy(MemberStatus.leaving()).copy(MemberStatus.exiting()).copy(MemberStatus.removed()));

    assertEquals(List.of(frontend(b)), view.lookup("live:42"));
    assertEquals(Set.of(Binding.nodeId(b)), view.memberIds());
  }

  @Test
  void excludesAFrontendRemovedWhileUnreachable() {
    UniqueAddress a = address("10.0.0.1", 1);
    Member up = routableFrontend(a, "live:42");
    view.reachabilityChanged(up, false);

    view.memberChanged(up.copy(MemberStatus.down()).copy(MemberStatus.removed()));

    assertEquals(List.of(), view.lookup("live:42"));
    assertEquals(Set.of(), view.memberIds());
  }

  @Test
  void bindingOfAPreviousIncarnationNeverRoutesToTheNewOne() {
    UniqueAddress old = address("10.0.0.1", 1111);
    UniqueAddress restarted = address("10.0.0.1", 2222); // same host and port, new uid
    Member oldMember = routableFrontend(old, "live:42");
    view.memberChanged(oldMember.copy(MemberStatus.down()).copy(MemberStatus.removed()));

    Member newMember = upFrontend(restarted);
    view.memberChanged(newMember);
    endpoint(restarted); // same URL as the old one
    assertEquals(url(old), url(restarted));

    assertEquals(List.of(), view.lookup("live:42"));
    assertEquals(List.of(frontend(restarted)), view.routable());

    bind(restarted, "member:7");
    assertEquals(List.of(frontend(restarted)), view.lookup("member:7"));
    assertEquals(List.of(), view.lookup("live:42"));
  }

  @Test
  void bindingOfADownedPreviousIncarnationNeverRoutesWhileTheNewOneIsUp() {
    UniqueAddress old = address("10.0.0.1", 1111);
    UniqueAddress restarted = address("10.0.0.1", 2222);
    Member oldMember = routableFrontend(old, "live:42");
    view.reachabilityChanged(oldMember, false);
    view.memberChanged(oldMember.copy(MemberStatus.down())); // not yet removed

    view.memberChanged(upFrontend(restarted));
    endpoint(restarted);

    assertEquals(List.of(), view.lookup("live:42"));
    bind(restarted, "live:42");
    assertEquals(List.of(frontend(restarted)), view.lookup("live:42"));
  }

  @Test
  void reachabilityOfThePreviousIncarnationDoesNotAffectTheNewOne() {
    UniqueAddress old = address("10.0.0.1", 1111);
    UniqueAddress restarted = address("10.0.0.1", 2222);
    Member oldMember = routableFrontend(old, "live:42");
    view.memberChanged(oldMember.copy(MemberStatus.down()));
    routableFrontend(restarted, "live:42");

    view.reachabilityChanged(oldMember, false);

    assertEquals(List.of(frontend(restarted)), view.lookup("live:42"));
  }

  @Test
  void entriesCountTopicFrontendPairsAcrossChangesAndRemovals() {
    UniqueAddress a = address("10.0.0.1", 1);
    UniqueAddress b = address("10.0.0.2", 2);
    assertEquals(0, view.entries());
    Member upA = routableFrontend(a, "live:42");
    routableFrontend(b, "live:42");
    bind(a, "member:7");
    assertEquals(3, view.entries());

    bind(a, "member:7"); // again: no change
    unbind(b, "live:42");
    unbind(b, "never-bound");
    assertEquals(2, view.entries());

    view.memberChanged(upA.copy(MemberStatus.leaving()).copy(MemberStatus.exiting()).copy(MemberStatus.removed()));
    assertEquals(0, view.entries(), "a removed frontend's topics are dropped");
  }

  @Test
  void aGapAsksForASnapshotWhichReplacesTheFrontendsTopics() {
    UniqueAddress a = address("10.0.0.1", 1);
    String id = Binding.nodeId(a);
    routableFrontend(a, "old");

    view.topicsChanged(new RegistryProtocol.Delta(id, 5, List.of("skipped"), List.of(), registrar.ref()));
    assertEquals(new RegistryProtocol.SnapshotRequest(self.ref()), registrar.receiveMessage());
    view.topicsChanged(new RegistryProtocol.Delta(id, 6, List.of("ignored"), List.of(), registrar.ref()));
    registrar.expectNoMessage(java.time.Duration.ofMillis(50));

    view.topicsChanged(new RegistryProtocol.SnapshotChunk(id, 6, true, false, List.of("x", "y"), registrar.ref()));
    view.topicsChanged(new RegistryProtocol.SnapshotChunk(id, 6, false, true, List.of("z"), registrar.ref()));
    expectAck(id, 6);

    assertEquals(List.of(), view.lookup("old"));
    assertEquals(List.of(), view.lookup("skipped"));
    assertEquals(List.of(frontend(a)), view.lookup("z"));
    assertEquals(3, view.entries());
    view.topicsChanged(new RegistryProtocol.Delta(id, 7, List.of("w"), List.of("x"), registrar.ref()));
    expectAck(id, 7);
    assertEquals(List.of(frontend(a)), view.lookup("w"));
    assertEquals(List.of(), view.lookup("x"));

    view.topicsChanged(new RegistryProtocol.Heartbeat(id, 7, registrar.ref()));
    registrar.expectNoMessage(java.time.Duration.ofMillis(50));
    view.topicsChanged(new RegistryProtocol.Heartbeat(id, 9, registrar.ref()));
    assertEquals(new RegistryProtocol.SnapshotRequest(self.ref()), registrar.receiveMessage());
  }

  @Test
  void aLateMessageOfARemovedFrontendIsIgnored() {
    UniqueAddress a = address("10.0.0.1", 1);
    Member up = routableFrontend(a, "live:42");
    view.memberChanged(up.copy(MemberStatus.down()).copy(MemberStatus.removed()));

    view.topicsChanged(new RegistryProtocol.SnapshotChunk(Binding.nodeId(a), 9, true, true, List.of("t"),
        registrar.ref()));
    assertEquals(0, view.entries());
  }

  @Test
  void entriesCountBindingsOfUnroutableFrontendsToo() {
    UniqueAddress a = address("10.0.0.1", 1);
    bind(a, "live:42");
    bind(a, "live:43");

    assertEquals(2, view.entries());
  }

  @Test
  void routableFrontendsAreSortedByNodeId() {
    UniqueAddress a = address("10.0.0.1", 35); // "z"
    UniqueAddress b = address("10.0.0.2", 10); // "a"
    UniqueAddress c = address("10.0.0.3", 20); // "k"
    routableFrontend(a, "t");
    routableFrontend(b, "t");
    routableFrontend(c, "t");

    assertEquals(List.of(frontend(b), frontend(c), frontend(a)), view.routable());
    assertEquals(List.of(frontend(b), frontend(c), frontend(a)), view.lookup("t"));
  }

  @Test
  void routesExactlyAmongMoreThanSixtyFourFrontends() {
    List<UniqueAddress> all = new java.util.ArrayList<>();
    for (int i = 1; i <= 70; i++) {
      UniqueAddress a = address("10.0.1." + i, 1000 + i);
      all.add(a);
      routableFrontend(a, "own:" + i);
      bind(a, "shared");
    }
    for (int i = 1; i <= 70; i++) {
      assertEquals(List.of(frontend(all.get(i - 1))), view.lookup("own:" + i), "own:" + i);
    }
    assertEquals(70, view.lookup("shared").size());
    unbind(all.get(68), "shared");
    assertEquals(69, view.lookup("shared").size());
    assertTrue(!view.lookup("shared").contains(frontend(all.get(68))));
    assertEquals(139, view.entries());
  }

  @Test
  void topicsThatArePrefixesOfEachOtherAreDistinct() {
    UniqueAddress a = address("10.0.0.1", 1);
    routableFrontend(a, "live:4");

    assertEquals(List.of(), view.lookup("live:42"));
    assertEquals(List.of(), view.lookup("live:"));
    assertTrue(view.lookup("live:4").contains(frontend(a)));
  }
}
