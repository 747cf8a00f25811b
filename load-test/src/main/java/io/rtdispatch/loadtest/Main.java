package io.rtdispatch.loadtest;

import io.rtdispatch.loadtest.cli.Scenarios;
import io.rtdispatch.loadtest.report.BenchmarkReport;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * Command-line entry point. Each scenario is a subcommand; {@link #run} runs one programmatically and returns the
 * report, for tests and CI smoke runs ({@code Main.run("live-video", "--viewers", "10", "--duration", "2")}).
 */
@Command(name = "rtd-load-test", mixinStandardHelpOptions = true, version = "rtd-load-test 0.1.0",
    description = "SSE load generator and benchmark for the realtime dispatch service (and nchan, for comparison).",
    subcommands = {CommandLine.HelpCommand.class})
public final class Main implements Runnable {

  public static void main(String[] args) {
    System.exit(commandLine().execute(args));
  }

  /** The configured command line (all scenario subcommands registered). */
  public static CommandLine commandLine() {
    CommandLine cl = new CommandLine(new Main());
    Scenarios.register(cl);
    cl.setCaseInsensitiveEnumValuesAllowed(true); // after the subcommands: it applies to those present
    return cl;
  }

  /** Runs a scenario; returns its report, or null when the arguments were rejected or it failed (see stderr). */
  public static Outcome run(String... args) {
    CommandLine cl = commandLine();
    int exit = cl.execute(args);
    CommandLine.ParseResult parsed = cl.getParseResult();
    BenchmarkReport report = parsed != null && parsed.subcommand() != null
        ? Scenarios.reportOf(parsed.subcommand().commandSpec().userObject()) : null;
    return new Outcome(exit, report);
  }

  @CommandLine.Spec
  CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    throw new CommandLine.ParameterException(spec.commandLine(), "choose a scenario");
  }

  /** Exit code and report of a programmatic run. */
  public record Outcome(int exitCode, BenchmarkReport report) {
  }
}
