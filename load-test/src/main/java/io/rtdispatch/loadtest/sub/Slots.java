package io.rtdispatch.loadtest.sub;

import java.util.ArrayList;
import java.util.List;

/** Questions about one I/O thread's subscriber slots; called on that thread only. */
final class Slots {
  private Slots() {
  }

  static boolean noneConnecting(List<SubscriberConnection> slots) {
    return slots.stream().noneMatch(c -> c.state == SubscriberConnection.State.CONNECTING);
  }

  /** Topics that have an open stream (not a slow reader) which has not received anything yet. */
  static List<Integer> pendingTopics(List<SubscriberConnection> slots) {
    List<Integer> topics = new ArrayList<>();
    for (SubscriberConnection c : slots) {
      if (c.isOpenReader() && !c.routable) {
        topics.add(c.topic);
      }
    }
    return topics;
  }

  /**
   * Marks which readers were open when measuring began; returns the topics of the slots that were not, slow readers
   * included (nothing is expected for them).
   */
  static List<Integer> markMeasureStart(List<SubscriberConnection> slots) {
    List<Integer> missingTopics = new ArrayList<>();
    for (SubscriberConnection c : slots) {
      c.openAtMeasureStart = c.isOpenReader();
      if (!c.openAtMeasureStart) {
        missingTopics.add(c.topic);
      }
    }
    return missingTopics;
  }
}
