package io.rtdispatch.dispatcher.registry;

import java.util.Arrays;
import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;
import java.util.Set;

/**
 * Topic → the frontends (by small index) that have subscribers for it: one hash map entry per topic, whose value is
 * a {@link Long} bit mask while every index is below 64 (masks up to 127 are the JVM's cached instances, so a topic
 * on one of the first seven frontends costs no value object) and a {@code long[]} beyond. Owned by one actor.
 */
final class TopicIndex {

  private final HashMap<String, Object> topics = new HashMap<>();
  private long entries;

  /** (topic, frontend) pairs held. */
  long entries() {
    return entries;
  }

  /** The frontends of {@code topic} as bits for {@link #has}, or null. */
  Object bitsOf(String topic) {
    return topics.get(topic);
  }

  static boolean has(Object bits, int index) {
    if (bits instanceof Long mask) {
      return index < 64 && (mask & (1L << index)) != 0;
    }
    long[] words = (long[]) bits;
    return index / 64 < words.length && (words[index / 64] & (1L << (index % 64))) != 0;
  }

  void add(String topic, int index) {
    Object bits = topics.get(topic);
    if (bits != null && has(bits, index)) {
      return;
    }
    topics.put(topic, with(bits, index));
    entries++;
  }

  void remove(String topic, int index) {
    Object bits = topics.get(topic);
    if (bits == null || !has(bits, index)) {
      return;
    }
    Object left = without(bits, index);
    if (left == null) {
      topics.remove(topic);
    } else {
      topics.put(topic, left);
    }
    entries--;
  }

  /** Makes {@code wanted} exactly the topics of frontend {@code index} (one pass over every topic). */
  void replace(int index, Set<String> wanted) {
    removeAll(index, wanted);
    wanted.forEach(topic -> add(topic, index));
  }

  /** Removes frontend {@code index} from every topic except those in {@code keep}. */
  void removeAll(int index, Set<String> keep) {
    Iterator<Map.Entry<String, Object>> it = topics.entrySet().iterator();
    while (it.hasNext()) {
      Map.Entry<String, Object> entry = it.next();
      if (has(entry.getValue(), index) && !keep.contains(entry.getKey())) {
        Object left = without(entry.getValue(), index);
        entries--;
        if (left == null) {
          it.remove();
        } else {
          entry.setValue(left);
        }
      }
    }
  }

  private static Object with(Object bits, int index) {
    if (bits == null && index < 64) {
      return 1L << index;
    }
    if (bits instanceof Long mask && index < 64) {
      return mask | (1L << index);
    }
    long[] words = bits == null ? new long[0] : bits instanceof Long mask ? new long[] {mask} : (long[]) bits;
    words = Arrays.copyOf(words, Math.max(words.length, index / 64 + 1));
    words[index / 64] |= 1L << (index % 64);
    return words;
  }

  private static Object without(Object bits, int index) {
    if (bits instanceof Long mask) {
      long left = mask & ~(1L << index);
      return left == 0 ? null : left;
    }
    long[] words = ((long[]) bits).clone();
    words[index / 64] &= ~(1L << (index % 64));
    boolean empty = Arrays.stream(words).allMatch(w -> w == 0);
    boolean small = Arrays.stream(words, 1, words.length).allMatch(w -> w == 0);
    return empty ? null : small ? (Object) words[0] : words;
  }
}
