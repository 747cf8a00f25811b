package io.rtdispatch.loadtest.registry;

import java.nio.file.Path;
import java.time.Duration;

/**
 * What a registry-scale run does.
 *
 * @param burstTopics new topics per burst (streams of {@code topicsPerConnection} topics each)
 * @param warmupBursts bursts of the same shape run first and left out of the latency figures (the nodes' JIT
 *     compilers take a third of a frontend's CPU in the first tens of seconds)
 * @param burstLength the time a burst's streams are spread over (10,000 topics in 1 s: 10,000 new topics/s)
 * @param pause between the end of one burst and the next
 * @param settleTimeout longest wait for connected frames, for dispatchers to hold every entry
 * @param restartDispatcher whether the last dispatcher is restarted at the end (registry transfer time)
 * @param logs the nodes' log directory (ERROR lines are counted there)
 * @param runId distinguishes this run's topic names
 */
public record RegistryScaleSettings(int topicsPerConnection, int burstTopics, int warmupBursts, int bursts,
    Duration burstLength,
    Duration pause, Duration settleTimeout, boolean restartDispatcher, Path logs, String runId) {
}
