package io.rtdispatch.loadtest.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.rtdispatch.loadtest.Main;
import io.rtdispatch.loadtest.report.BenchmarkReport;
import io.rtdispatch.loadtest.report.ReportWriter;
import io.rtdispatch.loadtest.run.RunResult;
import io.rtdispatch.node.RtdNode;
import com.typesafe.config.ConfigFactory;
import java.time.Duration;
import java.util.Map;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The CI smoke run: real scenarios (small counts, a second or two each) against a real embedded
 * node (both roles, one process), so the tool and the contract it measures cannot drift apart.
 */
class EndToEndTest {
  @TempDir
  Path out;

  private static RtdNode node;

  @BeforeAll
  static void startNode() throws Exception {
    node = RtdNode.start(ConfigFactory.parseMap(Map.of(
        "rtd.frontend.http.interface", "127.0.0.1", "rtd.frontend.http.port", 0,
        "rtd.dispatcher.http.interface", "127.0.0.1", "rtd.dispatcher.http.port", 0, "rtd.internal.port", 0,
        "rtd.cluster.port", 0, "rtd.frontend.heartbeat-interval", "500ms",
        "akka.coordinated-shutdown.exit-jvm", "off")));
    node.awaitUp(Duration.ofSeconds(30));
  }

  @AfterAll
  static void stopNode() throws Exception {
    node.close();
  }

  private static String target() {
    return "ours=rtd,sub=http://127.0.0.1:" + node.frontendAddress().getPort()
        + ",pub=http://127.0.0.1:" + node.dispatcherAddress().getPort();
  }

  @Test
  void liveVideoDeliversEveryEventToEveryViewerAndWritesReports() throws Exception {
    {
      Main.Outcome outcome = Main.run("live-video", "--target", target(), "--viewers", "20",
          "--likes-per-second", "30", "--duration", "1", "--batch", "3", "--quiet", "--workers", "0",
          "--out", out.toString(), "--name", "lv");
      assertEquals(0, outcome.exitCode());
      BenchmarkReport report = outcome.report();
      assertNotNull(report);
      RunResult run = report.runs().get(0);
      assertEquals(20, run.connections().openAtMeasureStart());
      assertEquals(20, run.connections().routableCount());
      assertEquals(30, run.publishing().accepted());
      assertEquals(600, run.delivery().expected());
      assertEquals(600, run.delivery().received());
      assertEquals(0, run.delivery().duplicates());
      assertEquals(20, run.delivery().otherEvents(), "one connected frame per stream");
      assertEquals(600, run.delivery().latency().count());
      BenchmarkReport back = ReportWriter.readJson(out.resolve("lv.json"));
      assertEquals(600, back.runs().get(0).delivery().received());
      String html = Files.readString(out.resolve("lv.html"));
      assertTrue(html.contains("<svg") && !html.contains("<script src"), "self-contained HTML with charts");
    }
  }

  @Test
  void churnInWorkerProcessesReconnectsEveryClient() throws Exception {
    {
      Main.Outcome outcome = Main.run("churn", "--target", target(), "--clients", "30", "--topics", "3",
          "--events-per-second", "20", "--storms", "1", "--duration", "2", "--quiet", "--workers", "2",
          "--out", out.toString(), "--name", "churn");
      assertEquals(0, outcome.exitCode());
      RunResult run = outcome.report().runs().get(0);
      assertEquals(2, run.client().processes() - 1, "two worker processes");
      assertEquals(30, run.connections().openAtMeasureStart());
      assertEquals(1, run.connections().storms());
      assertEquals(30, run.connections().stormReconnects());
      assertEquals(30, run.connections().stormConnect().count());
      assertEquals(0, run.delivery().duplicates());
      assertTrue(run.delivery().received() <= run.delivery().expected());
      RunResult.Recovery recovery = run.recovery();
      assertEquals("header", recovery.lastEventId());
      assertEquals(30, recovery.resumeRequests(), "every storm reconnect sends the last event id it received");
      assertEquals(run.delivery().received(), recovery.live() + recovery.recovered());
      assertEquals(run.delivery().expected() - run.delivery().received(), recovery.lost());
      assertTrue(recovery.longestGapMs() > 0);
    }
  }

  @Test
  void saturationSearchReportsTheRateAndMeasuresAtHalfOfIt() throws Exception {
    Main.Outcome outcome = Main.run("live-video", "--target", target(), "--viewers", "10", "--likes-per-second", "20",
        "--saturate", "--step-duration", "1", "--max-rate", "80", "--bisections", "0", "--duration", "1",
        "--quiet", "--workers", "0", "--out", out.toString(), "--name", "sat");
    assertEquals(0, outcome.exitCode());
    BenchmarkReport report = outcome.report();
    double rate = report.row("saturationRate").medians().get(0);
    assertTrue(rate >= 20 && rate <= 80, "a 10-viewer topic keeps up with 20-80 likes/s here: " + rate);
    assertTrue(report.row("saturationDeliveries").medians().get(0) > 0);
    assertEquals(rate / 2, ((Number) report.runs().get(0).parameters().get("offeredEventsPerSecond")).doubleValue(), 0.1,
        "the measured runs publish at half the saturation rate");
    assertTrue(report.notes().get(0).contains("saturation search"), report.notes().toString());
  }

  @Test
  void slowReadersStopReadingWhileTheReadersGetEverything() throws Exception {
    Main.Outcome outcome = Main.run("slow-reader", "--target", target(), "--readers", "10", "--stalled", "5",
        "--likes-per-second", "20", "--duration", "1", "--quiet", "--workers", "0", "--out", out.toString(),
        "--name", "slow");
    assertEquals(0, outcome.exitCode());
    BenchmarkReport report = outcome.report();
    RunResult baseline = report.runs().stream().filter(r -> r.target().equals("ours-baseline")).findFirst().orElseThrow();
    RunResult stalled = report.runs().stream().filter(r -> r.target().equals("ours")).findFirst().orElseThrow();
    assertEquals(0, baseline.connections().stalled());
    assertEquals(5, stalled.connections().stalled(), "five streams set up, then never read");
    assertEquals(10, stalled.connections().openAtMeasureStart(), "only readers are expected to receive");
    assertEquals(200, stalled.delivery().expected());
    assertEquals(200, stalled.delivery().received());
    assertEquals(15, stalled.connections().connect().count(), "a connect time per stream, to its connected frame");
    assertTrue(stalled.server().drops() >= 0, "ours reports its drops");
    assertNotNull(report.row("readersP99Ratio"));
  }

  @Test
  void connectRateOpensEveryStreamFromWorkerProcesses() throws Exception {
    Main.Outcome outcome = Main.run("connect-rate", "--target", target(), "--connections", "60", "--rate", "200",
        "--topics", "6", "--workers", "2", "--source-addresses", "3", "--duration", "0.5", "--quiet",
        "--out", out.toString(), "--name", "connects");
    assertEquals(0, outcome.exitCode());
    RunResult run = outcome.report().runs().get(0);
    assertEquals(3, run.client().processes(), "coordinator and two workers");
    assertEquals(60, run.connections().streamsOpened());
    assertEquals(0, run.connections().connectFailures());
    assertEquals(60, run.connections().connect().count());
    assertTrue(run.connections().connectPhaseSeconds() > 0.2, "a 60-stream ramp at 200/s takes 0.3 s");
    assertTrue(outcome.report().command().startsWith("rtd-load-test connect-rate --target"), outcome.report().command());
  }

  @Test
  void badOptionsAreRejectedWithUsageErrors() {
    assertEquals(2, Main.run("live-video", "--viewers", "0", "--quiet").exitCode());
    assertEquals(2, Main.run("live-video", "--target", "x=rtd,sub=http://192.0.2.1:80").exitCode());
    assertEquals(2, Main.run("no-such-scenario").exitCode());
  }
}
