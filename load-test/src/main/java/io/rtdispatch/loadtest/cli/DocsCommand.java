package io.rtdispatch.loadtest.cli;

import io.rtdispatch.loadtest.report.BenchmarkReport;
import io.rtdispatch.loadtest.report.MarkdownTables;
import io.rtdispatch.loadtest.report.ReportWriter;
import io.rtdispatch.loadtest.report.Scorecard;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import io.rtdispatch.loadtest.run.RunResult;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** Regenerates the result tables of docs/benchmarks.md from the JSON reports of a suite run. */
@Command(name = "docs", mixinStandardHelpOptions = true,
    description = "Write the issue-8 goals table and the tables of a results directory's JSON reports between the"
        + " markers of a Markdown file.")
final class DocsCommand implements Callable<Integer> {
  private static final List<String> ORDER = List.of("live-video", "many-videos", "personal", "churn",
      "rolling-restart", "capacity", "connect-rate", "slow-reader");

  @Option(names = "--results", required = true, paramLabel = "DIR", description = "Directory with *.json reports.")
  Path results;

  @Option(names = "--file", defaultValue = "docs/benchmarks.md", description = "Markdown file. Default: ${DEFAULT-VALUE}.")
  Path file;

  @Option(names = "--targets", split = ",", defaultValue = "ours,nchan", description = "Columns, first/second is the ratio. Default: ${DEFAULT-VALUE}.")
  List<String> targets;

  @Option(names = "--header", defaultValue = "", description = "Text placed above the tables (environment, date).")
  String header;

  @Override
  public Integer call() throws IOException {
    List<BenchmarkReport> reports = new ArrayList<>();
    try (Stream<Path> files = Files.list(results)) {
      for (Path p : files.filter(f -> f.toString().endsWith(".json")).sorted().toList()) {
        reports.add(ReportWriter.readJson(p));
      }
    }
    if (reports.isEmpty()) {
      throw new IllegalArgumentException("no *.json reports in " + results);
    }
    reports = mergeByScenario(reports);
    reports.sort(Comparator.comparingInt(r -> position(r.scenario())));
    String doc = Files.exists(file) ? Files.readString(file) : "";
    String scorecard = targets.size() >= 2 ? Scorecard.render(reports, targets.get(0), targets.get(1)) : "";
    Files.writeString(file, MarkdownTables.splice(doc, MarkdownTables.render(reports, targets,
        header.strip() + "\n\n" + scorecard)));
    System.out.println("updated " + file + " from " + reports.size() + " reports");
    return 0;
  }

  /** Scenarios in ORDER, each followed by its variants ("live-video at saturation; …"), unknown ones last. */
  static int position(String scenario) {
    for (int i = 0; i < ORDER.size(); i++) {
      if (scenario.equals(ORDER.get(i))) {
        return 2 * i;
      }
      if (scenario.startsWith(ORDER.get(i) + " ")) {
        return 2 * i + 1;
      }
    }
    return 99;
  }

  /**
   * Reports of the same scenario become one (their runs pooled, medians recomputed): the suite runs capacity once
   * per fresh server, since memory a server once touched does not return to the OS and would hide the next delta.
   */
  static List<BenchmarkReport> mergeByScenario(List<BenchmarkReport> reports) {
    Map<String, List<BenchmarkReport>> byScenario = new LinkedHashMap<>();
    reports.forEach(r -> byScenario.computeIfAbsent(r.scenario(), k -> new ArrayList<>()).add(r));
    List<BenchmarkReport> merged = new ArrayList<>();
    for (List<BenchmarkReport> group : byScenario.values()) {
      if (group.size() == 1) {
        merged.add(group.get(0));
        continue;
      }
      List<String> targets = new ArrayList<>();
      List<RunResult> runs = new ArrayList<>();
      group.forEach(r -> r.targets().stream().filter(t -> !targets.contains(t)).forEach(targets::add));
      group.forEach(r -> runs.addAll(r.runs()));
      merged.add(BenchmarkReport.of(group.get(0).scenario(), targets, group.get(0).parameters(), runs)
          .withCommand(group.get(0).command()));
    }
    return merged;
  }
}
