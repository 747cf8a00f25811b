package io.rtdispatch.dispatcher.registry;

import akka.cluster.Member;
import akka.cluster.MemberStatus;
import akka.cluster.UniqueAddress;
import akka.cluster.ddata.ORSet;
import io.rtdispatch.common.registry.Binding;
import io.rtdispatch.common.registry.RegistryKeys;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A dispatcher's local view of the registry: the latest replica of every bucket, the frontends'
 * endpoints, and which frontends may be sent to right now. Owned and updated by one actor; a
 * lookup is a few in-memory hash probes, never a replicator round trip.
 *
 * <p>A frontend is routable only while it is Up (or WeaklyUp), reachable, and its endpoint is
 * known. Its entries are not touched when it becomes unreachable or leaves: they are simply not
 * used, so routing to a failed node stops the moment the failure detector notices, long before
 * the entries are cleaned up.
 *
 * <p>A lookup probes the topic's bucket once per routable frontend ("node|topic"), which keeps
 * registry changes free (no index to rebuild as buckets churn) at a cost proportional to the
 * number of frontends in the data center.
 */
public final class RegistryView {

  /** A frontend a dispatcher can send to. */
  public record Frontend(String nodeId, String baseUrl, String prefix) {}

  private final RegistryKeys keys;
  private final List<ORSet<String>> buckets;
  private final Map<String, String> endpoints = new HashMap<>();
  private final Map<UniqueAddress, Member> members = new HashMap<>();
  private final Set<UniqueAddress> unreachable = new HashSet<>();
  private List<Frontend> routable = List.of();
  private long entries;

  public RegistryView(RegistryKeys keys) {
    this.keys = keys;
    this.buckets = new ArrayList<>(keys.bucketCount());
    for (int i = 0; i < keys.bucketCount(); i++) {
      buckets.add(null);
    }
  }

  /** The frontends with subscribers for {@code topic} that may be sent to now. */
  public List<Frontend> lookup(String topic) {
    ORSet<String> bucket = buckets.get(keys.bucketOf(topic));
    if (bucket == null || routable.isEmpty()) {
      return List.of();
    }
    List<Frontend> found = null;
    for (Frontend frontend : routable) {
      if (bucket.contains(frontend.prefix() + topic)) {
        if (found == null) {
          found = new ArrayList<>(routable.size());
        }
        found.add(frontend);
      }
    }
    return found == null ? List.of() : found;
  }

  public void bucketChanged(int bucket, ORSet<String> value) {
    ORSet<String> previous = buckets.set(bucket, value);
    entries += value.size() - (previous == null ? 0 : previous.size());
  }

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

  public List<Frontend> routable() {
    return routable;
  }

  /** Node ids of frontends that are still cluster members (whatever their status). */
  public Set<String> memberIds() {
    Set<String> ids = new HashSet<>();
    members.keySet().forEach(address -> ids.add(Binding.nodeId(address)));
    return ids;
  }

  public long entries() {
    return entries;
  }

  private void recompute() {
    List<Frontend> result = new ArrayList<>();
    for (Member member : members.values()) {
      boolean up = member.status() == MemberStatus.up() || member.status() == MemberStatus.weaklyUp();
      String nodeId = Binding.nodeId(member.uniqueAddress());
      String url = endpoints.get(nodeId);
      if (up && !unreachable.contains(member.uniqueAddress()) && url != null) {
        result.add(new Frontend(nodeId, url, Binding.prefix(nodeId)));
      }
    }
    result.sort(Comparator.comparing(Frontend::nodeId));
    routable = List.copyOf(result);
  }
}
