package io.rtdispatch.loadtest.cli;

import io.rtdispatch.loadtest.report.BenchmarkReport;
import picocli.CommandLine;

/** The scenario subcommands, in the order the help lists them. */
public final class Scenarios {
  private Scenarios() {
  }

  public static void register(CommandLine cl) {
    cl.addSubcommand(new LiveVideoCommand());
    cl.addSubcommand(new ManyVideosCommand());
    cl.addSubcommand(new PersonalCommand());
    cl.addSubcommand(new ChurnCommand());
    cl.addSubcommand(new RollingRestartCommand());
    cl.addSubcommand(new RegistryScaleCommand());
    cl.addSubcommand(new CapacityCommand());
    cl.addSubcommand(new ConnectRateCommand());
    cl.addSubcommand(new SlowReaderCommand());
    cl.addSubcommand(new PublishThroughputCommand());
    cl.addSubcommand(new DocsCommand());
    cl.addSubcommand(new JfrSummaryCommand());
  }

  /** The report a scenario command produced, or null. */
  public static BenchmarkReport reportOf(Object command) {
    return command instanceof ScenarioCommand scenario ? scenario.report() : null;
  }
}
