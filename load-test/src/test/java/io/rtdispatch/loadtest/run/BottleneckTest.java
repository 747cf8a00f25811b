package io.rtdispatch.loadtest.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.rtdispatch.loadtest.run.Bottleneck.Kind;
import io.rtdispatch.loadtest.run.Bottleneck.Side;
import org.junit.jupiter.api.Test;

class BottleneckTest {

  private static Bottleneck classify(double server, double serverOthers, double client, double clientOthers,
      double late, boolean keptUp) {
    return Bottleneck.classify(new Side("server", server, 1, serverOthers),
        new Side("generator", client, 1, clientOthers), late, keptUp);
  }

  @Test
  void aServerNearItsCoreIsTheLimit() {
    Bottleneck b = classify(97, 0, 40, 0, 0.2, false);
    assertEquals(Kind.SERVER, b.kind());
    assertTrue(b.describe().startsWith("server: CPU-bound (server CPU 97% of 1 core; generator CPU 40% of 1 core)"),
        b.describe());
  }

  @Test
  void aSaturatedGeneratorComesFirstBecauseItsNumbersAreThenNotTheServers() {
    assertEquals(Kind.GENERATOR, classify(50, 0, 90, 0, 0, true).kind());
    assertEquals(Kind.SERVER_AND_GENERATOR, classify(99, 0, 90, 0, 0.3, false).kind());
  }

  @Test
  void lateTheScheduleWithBothCoresFreeIsThePublisher() {
    Bottleneck b = classify(40, 0, 20, 0, 0.12, true);
    assertEquals(Kind.PUBLISHER, b.kind());
    assertTrue(b.describe().contains("12% of publishes late or dropped"), b.describe());
    assertEquals(Kind.NONE, classify(40, 0, 20, 0, 0.04, true).kind(), "4% late is within the schedule");
  }

  @Test
  void fallingBehindBelowFullCpuIsStillTheServer() {
    assertEquals(Kind.SERVER, classify(50, 0, 20, 0, 0, false).kind());
  }

  @Test
  void otherProcessesOnAPinnedCoreAreNamed() {
    Bottleneck b = classify(60, 35, 20, 0, 0.2, false);
    assertEquals(Kind.OTHER_PROCESSES, b.kind());
    assertTrue(b.describe().contains("server's cores") && b.describe().contains("other processes 35%"),
        b.describe());
    assertEquals(Kind.OTHER_PROCESSES, classify(20, 0, 30, 60, 0.3, false).kind());
    assertEquals(Kind.SERVER, classify(88, 10, 20, 0, 0, false).kind(), "10% of others is noise, not crowding");
  }

  @Test
  void unknownServerCoresNeverCountAsSaturated() {
    Bottleneck b = Bottleneck.classify(new Side("server", 100, 0, -1), new Side("generator", 10, 1, -1), 0, true);
    assertEquals(Kind.NONE, b.kind());
    assertTrue(b.describe().contains("cores unknown"), b.describe());
  }

  @Test
  void aRunResultIsJudgedFromItsOwnNumbers() {
    RunResult r = TestRuns.run("ours", 1, TestRuns.publishing(100, 100, 0, 0), TestRuns.delivery(10, 10, 5, 1),
        TestRuns.server(95, 1), TestRuns.client(30, false));
    assertEquals(Kind.SERVER, Bottleneck.of(r, true).kind());
  }
}
