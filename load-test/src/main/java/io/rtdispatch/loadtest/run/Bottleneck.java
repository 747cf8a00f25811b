package io.rtdispatch.loadtest.run;

import java.util.Locale;

/**
 * Which side limited a run, so a throughput number is never read as the server's when it was the tool's:
 * <ul>
 *   <li>{@code SERVER}: the server used (nearly) all the CPU its affinity allows, or fell behind (loss, latency)
 *       while neither CPU was saturated and the publisher kept its schedule;</li>
 *   <li>{@code GENERATOR}: the load generator used (nearly) all of its CPU budget: the server's limit may be higher;
 *   </li>
 *   <li>{@code PUBLISHER}: publishes went out late or were dropped while neither CPU was saturated: the publisher's
 *       connections or batches were too few for the rate (raise {@code --concurrency} or
 *       {@code --batch-window-ms});</li>
 *   <li>{@code OTHER_PROCESSES}: on a shared machine, other processes used enough of a side's cores that its CPU
 *       (with theirs) was near the limit: neither side's numbers are then its own;</li>
 *   <li>{@code NONE}: everything kept up and nothing was saturated.</li>
 * </ul>
 * When both CPUs are saturated the generator is named first (its numbers are then not trustworthy), as
 * {@code SERVER_AND_GENERATOR}.
 */
public record Bottleneck(Kind kind, String describe) {

  public enum Kind { NONE, SERVER, GENERATOR, SERVER_AND_GENERATOR, PUBLISHER, OTHER_PROCESSES }

  /** Share of a CPU budget from which that side counts as saturated. */
  public static final double SATURATED_SHARE = 0.85;
  /** Share of publishes late or dropped from which the publisher counts as behind its schedule. */
  public static final double BEHIND_SHARE = 0.05;
  /** Share of a side's cores other processes must have used to count as crowding it out. */
  public static final double CROWDED_SHARE = 0.15;

  /**
   * One side's CPU over the run, 100 = one core.
   *
   * @param cores CPUs the side may use, 0 when unknown (then it is never called saturated)
   * @param othersPercent CPU other processes used on those cores, -1 when unknown
   */
  public record Side(String name, double cpuPercent, double cores, double othersPercent) {
    boolean saturated() {
      return cores > 0 && cpuPercent >= SATURATED_SHARE * cores * 100;
    }

    boolean crowded() {
      return cores > 0 && othersPercent >= CROWDED_SHARE * cores * 100
          && cpuPercent + othersPercent >= SATURATED_SHARE * cores * 100;
    }

    @Override
    public String toString() {
      String of = cores <= 0 ? " (cores unknown)" : " of " + (cores == 1 ? "1 core" : fmt(cores) + " cores");
      return name + " CPU " + fmt(cpuPercent) + "%" + of
          + (othersPercent > 0 ? ", other processes " + fmt(othersPercent) + "%" : "");
    }
  }

  /**
   * @param lateShare publishes late or dropped / publishes scheduled
   * @param keptUp whether the run delivered what it should within the latency bound
   */
  public static Bottleneck classify(Side server, Side client, double lateShare, boolean keptUp) {
    String both = " (" + server + "; " + client + ")";
    if (server.saturated() && client.saturated()) {
      return new Bottleneck(Kind.SERVER_AND_GENERATOR, "server and generator: both saturated" + both
          + "; the server's limit may be higher");
    }
    if (client.saturated()) {
      return new Bottleneck(Kind.GENERATOR, "generator: its CPU budget used up" + both
          + "; the server's limit may be higher");
    }
    if (client.crowded() || server.crowded()) {
      return new Bottleneck(Kind.OTHER_PROCESSES, "other processes: they took the "
          + (client.crowded() ? "generator's" : "server's") + " cores" + both + "; rerun on a quiet machine");
    }
    if (server.saturated()) {
      return new Bottleneck(Kind.SERVER, "server: CPU-bound" + both);
    }
    if (lateShare > BEHIND_SHARE) {
      return new Bottleneck(Kind.PUBLISHER, String.format(Locale.ROOT,
          "publisher: %.0f%% of publishes late or dropped with neither CPU saturated%s", lateShare * 100, both));
    }
    if (!keptUp) {
      return new Bottleneck(Kind.SERVER, "server: fell behind (loss or latency) below full CPU" + both);
    }
    return new Bottleneck(Kind.NONE, "none: kept up" + both);
  }

  /** The bottleneck of a finished run, judged with the given verdict on whether it kept up. */
  public static Bottleneck of(RunResult r, boolean keptUp) {
    double late = (r.publishing().late() + r.publishing().dropped()) / (double) Math.max(1, r.publishing().scheduled());
    return classify(new Side("server", r.server().cpuPercent(), r.server().cores(), r.server().othersCpuPercent()),
        new Side("generator", r.client().cpuPercent(), r.client().coreBudget(), r.client().othersCpuPercent()),
        late, keptUp);
  }

  private static String fmt(double v) {
    return v == Math.rint(v) ? String.valueOf((long) v) : String.format(Locale.ROOT, "%.0f", v);
  }
}
