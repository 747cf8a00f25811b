package io.rtdispatch.dispatcher.registry;

import akka.cluster.Member;
import akka.cluster.MemberStatus;
import akka.cluster.UniqueAddress;
import akka.actor.typed.ActorRef;
import io.rtdispatch.common.registry.Binding;
import io.rtdispatch.common.registry.RegistryProtocol.ToView;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A dispatcher's local view of the registry: every frontend's topics ({@link FrontendTopics}), the frontends'
 * endpoints, and which frontends may be sent to right now. Owned and updated by one actor; a lookup is in-memory
 * hash probes, never a network round trip.
 *
 * <p>A frontend is routable only while it is Up (or WeaklyUp), reachable, and its endpoint is known. Its topics are
 * not touched when it becomes unreachable: they are simply not used, so routing to a failed node stops the moment
 * the failure detector notices; they are dropped when it is removed from the cluster.
 *
 * <p>A lookup is one hash probe for the topic plus one per routable frontend (its index), so topic changes cost no
 * index rebuild and a lookup costs little more than the number of frontends in the data center.
 */
public final class RegistryView {

  /** A frontend a dispatcher can send to: its node id ({@link Binding#nodeId}) and internal base URL ({@code http://host:port}). */
  public record FrontendEndpoint(String nodeId, String baseUrl) {}

  private final FrontendTopics topics;
  private final Map<String, String> endpoints = new HashMap<>();
  private final Map<UniqueAddress, Member> members = new HashMap<>();
  private final Set<UniqueAddress> unreachable = new HashSet<>();
  private List<FrontendEndpoint> routable = List.of();

  /**
   * @param self where frontends answer this view (the reference registered in the Receptionist)
   * @param nodeId this dispatcher's node id ({@link Binding#nodeId}), told to frontends with {@link #historyAt}
   */
  public RegistryView(ActorRef<ToView> self, String nodeId) {
    this.topics = new FrontendTopics(self, nodeId);
  }

  /**
   * This dispatcher's internal base URL ({@code http://host:port}), known once the internal port is
   * bound: each frontend learns it (with the node id, {@link io.rtdispatch.common.registry.RegistryProtocol.ViewInfo})
   * before this view's first acknowledgement, which is held until then.
   */
  public void historyAt(String url) {
    topics.historyAt(url);
    topics.release(this::canRoute);
  }

  /** The frontends with subscribers for {@code topic} that may be sent to now. */
  public List<FrontendEndpoint> lookup(String topic) {
    Object bits = topics.bitsOf(topic);
    if (bits == null || routable.isEmpty()) {
      return List.of();
    }
    List<FrontendEndpoint> found = null;
    for (FrontendEndpoint frontend : routable) {
      int index = topics.indexOf(frontend.nodeId());
      if (index >= 0 && TopicIndex.has(bits, index)) {
        if (found == null) {
          found = new ArrayList<>(routable.size());
        }
        found.add(frontend);
      }
    }
    return found == null ? List.of() : found;
  }

  /** Applies a frontend's topic message (and answers it, once this view can route to that frontend). */
  public void topicsChanged(ToView message) {
    topics.apply(message, canRoute(message.nodeId()));
  }

  private boolean canRoute(String nodeId) {
    for (FrontendEndpoint frontend : routable) {
      if (frontend.nodeId().equals(nodeId)) {
        return true;
      }
    }
    return false;
  }

  /** Whether the internal URL of frontend {@code nodeId} is known (its events can be sent). */
  public boolean hasEndpoint(String nodeId) {
    return endpoints.containsKey(nodeId);
  }

  /** The endpoint map's latest value: node id → internal base URL of every frontend that advertised one. */
  public void endpointsChanged(Map<String, String> latest) {
    endpoints.clear();
    endpoints.putAll(latest);
    recompute();
  }

  /** Records a frontend member's latest state; removed members are forgotten. */
  public void memberChanged(Member member) {
    if (!member.hasRole("frontend")) {
      return;
    }
    if (member.status() == MemberStatus.removed()) {
      members.remove(member.uniqueAddress());
      unreachable.remove(member.uniqueAddress());
      topics.frontendRemoved(Binding.nodeId(member.uniqueAddress()));
    } else {
      members.put(member.uniqueAddress(), member);
    }
    recompute();
  }

  public void reachabilityChanged(Member member, boolean reachable) {
    if (reachable) {
      unreachable.remove(member.uniqueAddress());
    } else {
      unreachable.add(member.uniqueAddress());
    }
    recompute();
  }

  public List<FrontendEndpoint> routable() {
    return routable;
  }

  /** Node ids of frontends that are still cluster members (whatever their status). */
  public Set<String> memberIds() {
    Set<String> ids = new HashSet<>();
    members.keySet().forEach(address -> ids.add(Binding.nodeId(address)));
    return ids;
  }

  /** (topic, frontend) pairs held. */
  public long entries() {
    return topics.entries();
  }

  private void recompute() {
    List<FrontendEndpoint> result = new ArrayList<>();
    for (Member member : members.values()) {
      boolean up = member.status() == MemberStatus.up() || member.status() == MemberStatus.weaklyUp();
      String nodeId = Binding.nodeId(member.uniqueAddress());
      String url = endpoints.get(nodeId);
      if (up && !unreachable.contains(member.uniqueAddress()) && url != null) {
        result.add(new FrontendEndpoint(nodeId, url));
      }
    }
    result.sort(Comparator.comparing(FrontendEndpoint::nodeId));
    routable = List.copyOf(result);
    topics.release(this::canRoute);
  }
}
