package io.rtdispatch.dispatcher.registry;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import akka.actor.Address;
import akka.cluster.Member;
import akka.cluster.Member$;
import akka.cluster.MemberStatus;
import akka.cluster.UniqueAddress;
import akka.cluster.ddata.ORSet;
import akka.cluster.ddata.SelfUniqueAddress;
import akka.util.Version;
import io.rtdispatch.common.registry.Binding;
import io.rtdispatch.common.registry.RegistryKeys;
import io.rtdispatch.dispatcher.registry.RegistryView.Frontend;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import scala.jdk.javaapi.CollectionConverters;

/**
 * Members are built with Akka's own factory ({@code Member.apply}, status Joining) and moved
 * through their lifecycle with {@link Member#copy} / {@link Member#copyUp}, which enforce the
 * real status transitions.
 */
class RegistryViewTest {

  private static final SelfUniqueAddress WRITER =
      new SelfUniqueAddress(new UniqueAddress(new Address("akka", "rtd", "10.0.0.100", 2552), 99L));

  private final RegistryKeys keys = new RegistryKeys(16);
  private final RegistryView view = new RegistryView(keys);
  private final Map<String, String> endpoints = new HashMap<>();
  private final Map<Integer, ORSet<String>> buckets = new HashMap<>();

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

  private static Frontend frontend(UniqueAddress address) {
    String id = Binding.nodeId(address);
    return new Frontend(id, url(address), id + "|");
  }

  /** Publishes the endpoint of {@code address} (as the frontend's EndpointPublisher would). */
  private void endpoint(UniqueAddress address) {
    endpoints.put(Binding.nodeId(address), url(address));
    view.endpointsChanged(Map.copyOf(endpoints));
  }

  private void bind(UniqueAddress address, String topic) {
    int bucket = keys.bucketOf(topic);
    ORSet<String> set = buckets.getOrDefault(bucket, ORSet.create()).add(WRITER, Binding.of(Binding.nodeId(address), topic));
    buckets.put(bucket, set);
    view.bucketChanged(bucket, set);
  }

  private void unbind(UniqueAddress address, String topic) {
    int bucket = keys.bucketOf(topic);
    ORSet<String> set = buckets.getOrDefault(bucket, ORSet.create()).remove(WRITER, Binding.of(Binding.nodeId(address), topic));
    buckets.put(bucket, set);
    view.bucketChanged(bucket, set);
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

    List<Frontend> found = view.lookup("live:42");

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

    assertEquals(List.of(new Frontend(Binding.nodeId(a), "http://moved:9000", Binding.prefix(Binding.nodeId(a)))),
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
  void entriesTrackBucketSizesAcrossChanges() {
    UniqueAddress a = address("10.0.0.1", 1);
    UniqueAddress b = address("10.0.0.2", 2);
    assertEquals(0, view.entries());

    ORSet<String> first = ORSet.<String>create()
        .add(WRITER, Binding.of("n1", "t1")).add(WRITER, Binding.of("n2", "t1")).add(WRITER, Binding.of("n1", "t2"));
    view.bucketChanged(3, first);
    assertEquals(3, view.entries());

    view.bucketChanged(7, ORSet.<String>create().add(WRITER, Binding.of("n1", "x")).add(WRITER, Binding.of("n2", "y")));
    assertEquals(5, view.entries());

    view.bucketChanged(3, first.remove(WRITER, Binding.of("n1", "t1")).remove(WRITER, Binding.of("n2", "t1")));
    assertEquals(3, view.entries());

    view.bucketChanged(7, ORSet.create());
    assertEquals(1, view.entries());

    view.bucketChanged(7, ORSet.create());
    assertEquals(1, view.entries());

    bind(a, "live:42");
    bind(b, "live:42");
    bind(a, "member:7");
    assertEquals(4, view.entries());
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
  void findsBindingsOfTopicsInEveryBucket() {
    UniqueAddress a = address("10.0.0.1", 1);
    view.memberChanged(upFrontend(a));
    endpoint(a);
    Set<Integer> bucketsUsed = new java.util.HashSet<>();
    for (int i = 0; i < 100; i++) {
      bind(a, "member:" + i);
      bucketsUsed.add(keys.bucketOf("member:" + i));
    }
    assertEquals(16, bucketsUsed.size());

    for (int i = 0; i < 100; i++) {
      assertEquals(List.of(frontend(a)), view.lookup("member:" + i), "member:" + i);
    }
    assertEquals(List.of(), view.lookup("member:100"));
    assertEquals(100, view.entries());
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
