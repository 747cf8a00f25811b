package io.rtdispatch.common.registry;

import akka.cluster.ddata.Key;
import akka.cluster.ddata.LWWMap;
import akka.cluster.ddata.LWWMapKey;
import akka.cluster.ddata.ORSet;
import akka.cluster.ddata.ORSetKey;
import java.util.ArrayList;
import java.util.List;

/**
 * Where the registry keeps what, in Distributed Data.
 *
 * <p>Topic registrations are spread over a fixed number of keys (buckets) chosen by the topic's
 * hash, so that no single replicated value grows too large to gossip and an update touches only
 * one bucket. Each bucket is an {@code ORSet} of {@link Binding}s ("node|topic"): a node adds and
 * removes only its own bindings, and an element's add and remove never race with another node's,
 * so the set needs no tombstones and a removed node's entries disappear completely. The bucket
 * count must be the same on every node of a data center (it is part of the key names' meaning).
 *
 * <p>Frontend HTTP endpoints live in one small map, node id → base URL, next to the buckets.
 */
public final class RegistryKeys {

  public static final Key<LWWMap<String, String>> ENDPOINTS = LWWMapKey.create("rtd-frontend-endpoints");

  private static final String PREFIX = "rtd-topics-";

  private final List<Key<ORSet<String>>> buckets;

  public RegistryKeys(int bucketCount) {
    if (bucketCount < 1 || bucketCount > 65536) {
      throw new IllegalArgumentException("registry buckets must be between 1 and 65536, got " + bucketCount);
    }
    List<Key<ORSet<String>>> keys = new ArrayList<>(bucketCount);
    for (int i = 0; i < bucketCount; i++) {
      keys.add(ORSetKey.create(PREFIX + i));
    }
    this.buckets = List.copyOf(keys);
  }

  public int bucketCount() {
    return buckets.size();
  }

  /** String.hashCode is specified by the JLS, so every JVM picks the same bucket. */
  public int bucketOf(String topic) {
    return Math.floorMod(topic.hashCode(), buckets.size());
  }

  public Key<ORSet<String>> keyOf(String topic) {
    return buckets.get(bucketOf(topic));
  }

  public Key<ORSet<String>> key(int bucket) {
    return buckets.get(bucket);
  }

  public List<Key<ORSet<String>>> all() {
    return buckets;
  }

  /** The bucket number of a key created here, or -1 for any other key. */
  public int bucketOf(Key<ORSet<String>> key) {
    String id = key.id();
    if (!id.startsWith(PREFIX)) {
      return -1;
    }
    String number = id.substring(PREFIX.length());
    if (number.isEmpty() || number.length() > 5 || (number.length() > 1 && number.charAt(0) == '0')
        || !number.chars().allMatch(Character::isDigit)) {
      return -1;
    }
    int bucket = Integer.parseInt(number);
    return bucket < buckets.size() ? bucket : -1;
  }
}
