package io.rtdispatch.loadtest.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.rtdispatch.loadtest.Main;
import io.rtdispatch.loadtest.run.RunResult;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The rolling-restart scenario end to end: the tool launches a real data center (two frontends, one dispatcher,
 * separate JVMs through the project's launcher), restarts each frontend under traffic, and its accounting adds up.
 * Whether events are lost depends on the node (recovery); what is checked here is the tool.
 */
class RollingRestartTest {
  @TempDir
  Path out;

  @Test
  void everyFrontendIsRestartedAndEveryExpectedEventIsLiveRecoveredOrLost() throws Exception {
    int httpBase = freeBlock(60);
    int clusterBase = freeBlock(10);
    Main.Outcome outcome = Main.run("rolling-restart", "--frontends", "2", "--dispatchers", "1", "--clients", "20",
        "--topics", "4", "--events-per-second", "10", "--duration", "15", "--lead-in", "1", "--pause", "1",
        "--node-jar", System.getProperty("java.class.path"), "--http-base", "" + httpBase, "--cluster-base",
        "" + clusterBase, "--node-jvm-opts", "-Xms32m -Xmx256m -XX:+UseSerialGC -XX:TieredStopAtLevel=1",
        "--node-logs", out.resolve("logs").toString(), "--reconnect-delay-ms", "200", "--quiet", "--workers", "0",
        "--out", out.toString(), "--name", "rr");
    assertEquals(0, outcome.exitCode());
    RunResult run = outcome.report().runs().get(0);
    assertTrue(run.notes().stream().anyMatch(n -> n.startsWith("rolling restart of 2 frontends done")),
        run.notes().toString());
    assertEquals(20, run.connections().openAtMeasureStart());
    assertTrue(run.connections().serverCloses() >= 20, "every client's frontend ended its stream at least once: "
        + run.connections().serverCloses());
    RunResult.Recovery r = run.recovery();
    assertTrue(r.resumeRequests() >= 20, "reconnects carried the last event id: " + r.resumeRequests());
    assertEquals(run.delivery().received(), r.live() + r.recovered());
    assertEquals(run.delivery().expected(), r.live() + r.recovered() + r.lost(), "nothing unexpected arrived");
    assertTrue(r.longestGapMs() > 0);
  }

  /** The first port of {@code span} free loopback ports, below the ephemeral range. */
  private static int freeBlock(int span) throws IOException {
    for (int attempt = 0; attempt < 50; attempt++) {
      int base = ThreadLocalRandom.current().nextInt(20_000, 30_000);
      if (free(base, span)) {
        return base;
      }
    }
    throw new IOException("no free block of ports found");
  }

  private static boolean free(int base, int span) {
    for (int port = base; port < base + span; port++) {
      try (ServerSocket s = new ServerSocket(port, 1, InetAddress.getLoopbackAddress())) {
        s.setReuseAddress(true);
      } catch (IOException e) {
        return false;
      }
    }
    return true;
  }
}
