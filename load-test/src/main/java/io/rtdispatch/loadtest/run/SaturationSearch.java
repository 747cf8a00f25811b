package io.rtdispatch.loadtest.run;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Finds the highest publish rate a target sustains: short steps at doubling rates until one fails to keep up, then
 * bisection between the last rate that kept up and the first that did not. A step keeps up when (nearly) every
 * expected delivery arrived, the publisher kept (nearly) to its open-loop schedule, and p99 latency stayed bounded.
 * A step in which the generator ran out of CPU counts as kept up but marks the result client-bound: the target's
 * true saturation is then at least the rate found. Every step carries its {@link Bottleneck}, and the result names
 * what stopped the search.
 */
public final class SaturationSearch {

  /** One short run at a fixed offered rate. */
  @FunctionalInterface
  public interface StepRunner {
    RunResult run(double eventsPerSecond) throws InterruptedException;
  }

  /** What keeping up means; ratios are fractions (0.01 = 1%). */
  public record Criteria(double maxLossRatio, double maxLateRatio, double maxP99Millis, double maxRate, int bisections) {
  }

  /** One step's verdict; {@code run} is the step's full result (null in hand-made steps). */
  public record Step(double rate, boolean keptUp, String reason, double deliveriesPerSecond, boolean clientBound,
      Bottleneck bottleneck, RunResult run) {
    String describe() {
      return String.format(Locale.ROOT, "%.0f/s %s", rate, keptUp
          ? "kept up (" + Math.round(deliveriesPerSecond) + " deliveries/s)"
          : "fell behind (" + reason + "; " + bottleneck.kind().name().toLowerCase(Locale.ROOT) + ")");
    }
  }

  /**
   * @param rate the highest rate that kept up, 0 if even the lowest tried did not
   * @param saturated the step at that rate (null when none kept up)
   * @param limit what stopped the search: the bottleneck of the lowest step above the rate that fell behind, of the
   *     client-bound step that ended it, or "none" when the search reached its highest rate
   */
  public record Result(double rate, double deliveriesPerSecond, boolean clientBound, List<Step> steps, Step saturated,
      Bottleneck limit) {
    public String describe() {
      StringBuilder sb = new StringBuilder();
      steps.forEach(s -> sb.append(sb.length() == 0 ? "" : ", ").append(s.describe()));
      return sb + String.format(Locale.ROOT, " -> saturation %.0f/s%s; limit: %s", rate,
          clientBound ? " (generator CPU-bound: at least)" : "", limit.describe());
    }
  }

  private final Criteria criteria;

  public SaturationSearch(Criteria criteria) {
    this.criteria = criteria;
  }

  public Result search(StepRunner runner, double startRate) throws InterruptedException {
    List<Step> steps = new ArrayList<>();
    Step good = null;
    Step bad = null;
    double rate = startRate;
    while (rate <= criteria.maxRate()) {
      Step step = judge(rate, runner.run(rate));
      steps.add(step);
      if (step.keptUp()) {
        good = step;
        if (step.clientBound()) {
          break;
        }
        rate *= 2;
      } else {
        bad = step;
        if (good != null || rate < startRate / 8) {
          break;
        }
        rate /= 2;
      }
    }
    for (int i = 0; i < criteria.bisections() && good != null && bad != null && bad.rate() > good.rate() * 1.05; i++) {
      Step step = judge((good.rate() + bad.rate()) / 2, runner.run((good.rate() + bad.rate()) / 2));
      steps.add(step);
      if (step.keptUp()) {
        good = step;
      } else {
        bad = step;
      }
    }
    Bottleneck limit;
    if (good != null && good.clientBound()) {
      limit = good.bottleneck();
    } else if (bad != null) {
      limit = bad.bottleneck();
    } else {
      limit = new Bottleneck(Bottleneck.Kind.NONE, String.format(Locale.ROOT,
          "none: every rate up to --max-rate %.0f/s kept up", criteria.maxRate()));
    }
    return good == null ? new Result(0, 0, false, steps, null, limit)
        : new Result(good.rate(), good.deliveriesPerSecond(), good.clientBound(), steps, good, limit);
  }

  Step judge(double rate, RunResult r) {
    long sent = Math.max(1, r.publishing().scheduled());
    double lateRatio = (double) (r.publishing().late() + r.publishing().dropped()) / sent;
    String reason = null;
    if (r.delivery().expected() == 0) {
      reason = "nothing delivered";
    } else if (r.delivery().lossRatio() > criteria.maxLossRatio()) {
      reason = String.format("loss %.1f%%", r.delivery().lossRatio() * 100);
    } else if (lateRatio > criteria.maxLateRatio()) {
      reason = String.format("%.0f%% of publishes late or dropped", lateRatio * 100);
    } else if (r.delivery().latency().p99() > criteria.maxP99Millis()) {
      reason = String.format("p99 %.0f ms", r.delivery().latency().p99());
    }
    return new Step(rate, reason == null, reason, r.delivery().deliveriesPerSecond(), r.client().clientBound(),
        Bottleneck.of(r, reason == null), r);
  }
}
