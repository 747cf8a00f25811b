package io.rtdispatch.loadtest.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.rtdispatch.loadtest.report.BenchmarkReport;
import io.rtdispatch.loadtest.report.MarkdownTables;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class MarkdownTablesTest {

  @Test
  void missingTargetIsPendingAndSpliceKeepsSurroundingText() {
    BenchmarkReport nchanOnly = BenchmarkReport.of("live-video", List.of("nchan"), Map.of("viewers", 10),
        List.of(TestRuns.run("nchan", 1, 500, 3)));
    String tables = MarkdownTables.render(List.of(nchanOnly), List.of("ours", "nchan"), "Measured on X.");
    assertTrue(tables.contains("| deliveries/s | 1/s | pending | 500 | – |"), tables);
    String doc = "intro\n" + MarkdownTables.START + "\nold\n" + MarkdownTables.END + "\noutro\n";
    String updated = MarkdownTables.splice(doc, tables);
    assertTrue(updated.startsWith("intro\n" + MarkdownTables.START + "\nMeasured on X."));
    assertTrue(updated.endsWith(MarkdownTables.END + "\noutro\n"));
    assertEquals(updated, MarkdownTables.splice(updated, tables), "regenerating is idempotent");
  }
}
