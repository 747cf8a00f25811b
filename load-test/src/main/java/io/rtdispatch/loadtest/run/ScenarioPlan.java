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
 * @param stalled the last {@code stalled} connections stop reading once their stream is set up (slow readers): no
 *     deliveries are expected for them
 * @param stalledReceiveBuffer SO_RCVBUF of the stalled connections (bytes, 0 = the system's), so their kernel
 *     buffers fill soon and the server has to hold or drop what they do not read
 * @param disruption what is done to the servers during the measurement (rolling-restart), or null
 */
public record ScenarioPlan(String name, int topicCount, int[] topicOfConnection, TopicPicker picker,
    double eventsPerSecond, double durationSeconds, List<Double> stormAtSeconds, double stormFraction,
    boolean measureMemory, Map<String, Object> parameters, int stalled, int stalledReceiveBuffer,
    Disruption disruption) {

  /** A plan without stalled readers. */
  public ScenarioPlan(String name, int topicCount, int[] topicOfConnection, TopicPicker picker,
      double eventsPerSecond, double durationSeconds, List<Double> stormAtSeconds, double stormFraction,
      boolean measureMemory, Map<String, Object> parameters) {
    this(name, topicCount, topicOfConnection, picker, eventsPerSecond, durationSeconds, stormAtSeconds, stormFraction,
        measureMemory, parameters, 0, 0, null);
  }

  /** The same scenario at another publish rate and measurement time (saturation search). */
  public ScenarioPlan withRate(double rate, double duration) {
    Map<String, Object> params = new java.util.LinkedHashMap<>(parameters);
    params.put("offeredEventsPerSecond", Math.round(rate * 10) / 10.0);
    params.put("durationSeconds", duration);
    return new ScenarioPlan(name, topicCount, topicOfConnection, picker, rate, duration, stormAtSeconds, stormFraction,
        measureMemory, params, stalled, stalledReceiveBuffer, disruption);
  }

  /** The same scenario plus {@code count} connections on {@code topic} that stop reading once set up. */
  public ScenarioPlan withStalled(int count, int topic, int receiveBuffer) {
    int[] topics = java.util.Arrays.copyOf(topicOfConnection, topicOfConnection.length + count);
    java.util.Arrays.fill(topics, topicOfConnection.length, topics.length, topic);
    Map<String, Object> params = new java.util.LinkedHashMap<>(parameters);
    params.put("stalled", count);
    return new ScenarioPlan(name, topicCount, topics, picker, eventsPerSecond, durationSeconds, stormAtSeconds,
        stormFraction, measureMemory, params, stalled + count, receiveBuffer, disruption);
  }

  /** The same scenario with {@code what} done to the servers while it measures. */
  public ScenarioPlan withDisruption(Disruption what) {
    return new ScenarioPlan(name, topicCount, topicOfConnection, picker, eventsPerSecond, durationSeconds,
        stormAtSeconds, stormFraction, measureMemory, parameters, stalled, stalledReceiveBuffer, what);
  }

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
