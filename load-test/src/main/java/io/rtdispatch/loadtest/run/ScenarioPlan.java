package io.rtdispatch.loadtest.run;

import io.rtdispatch.loadtest.pub.TopicPicker;
import java.util.List;
import java.util.Map;

/**
 * What a scenario does, independent of the target: which topic each subscriber connection takes, how events are
 * spread over topics, how fast and how long to publish, when reconnect storms hit, whether to measure memory.
 *
 * @param eventsPerSecond 0 for no publishing (capacity)
 * @param stormAtSeconds offsets into the measurement at which a share of all streams reconnects at once
 * @param parameters the scenario's own options, echoed into the report
 */
public record ScenarioPlan(String name, int topicCount, int[] topicOfConnection, TopicPicker picker,
    double eventsPerSecond, double durationSeconds, List<Double> stormAtSeconds, double stormFraction,
    boolean measureMemory, Map<String, Object> parameters) {

  public int connections() {
    return topicOfConnection.length;
  }

  /** Planned subscribers per topic. */
  public int[] subscribersPerTopic() {
    int[] counts = new int[topicCount];
    for (int t : topicOfConnection) {
      counts[t]++;
    }
    return counts;
  }
}
