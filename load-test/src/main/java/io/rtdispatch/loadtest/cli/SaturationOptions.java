package io.rtdispatch.loadtest.cli;

import io.rtdispatch.loadtest.run.SaturationSearch;
import picocli.CommandLine.Option;

/** Options of {@code --saturate}: search the highest sustained rate, then measure at half of it. */
final class SaturationOptions {

  @Option(names = "--saturate", description = "Search each target's saturation rate (short steps at doubling rates, "
      + "then bisection), then run --runs times at half of it. The scenario's rate is where the search starts.")
  boolean saturate;

  @Option(names = "--step-duration", defaultValue = "8", paramLabel = "S",
      description = "Measurement time of each search step. Default: ${DEFAULT-VALUE}.")
  double stepSeconds;

  @Option(names = "--max-loss-percent", defaultValue = "1", description = "A step with more loss fell behind. Default: ${DEFAULT-VALUE}.")
  double maxLossPercent;

  @Option(names = "--max-late-percent", defaultValue = "5",
      description = "A step with more publishes late or dropped fell behind. Default: ${DEFAULT-VALUE}.")
  double maxLatePercent;

  @Option(names = "--max-p99-ms", defaultValue = "1000", description = "A step with a higher p99 fell behind. Default: ${DEFAULT-VALUE}.")
  double maxP99Millis;

  @Option(names = "--bisections", defaultValue = "3", description = "Bisection steps after doubling. Default: ${DEFAULT-VALUE}.")
  int bisections;

  @Option(names = "--max-rate", defaultValue = "100000", description = "Highest rate tried (events/s). Default: ${DEFAULT-VALUE}.")
  double maxRate;

  @Option(names = "--half-of", paramLabel = "TARGET", description = "After the search, run every target at half of this "
      + "target's saturation rate (e.g. nchan), instead of each at half of its own.")
  String halfOf;

  SaturationSearch.Criteria criteria() {
    return new SaturationSearch.Criteria(maxLossPercent / 100, maxLatePercent / 100, maxP99Millis, maxRate, bisections);
  }
}
