package io.rtdispatch.node;

import io.rtdispatch.common.settings.AutoLimits;
import static io.rtdispatch.common.testing.Eventually.eventually;
import static io.rtdispatch.node.LocalProcesses.dispatcher;
import static io.rtdispatch.node.LocalProcesses.frontend;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.rtdispatch.frontend.HeapSizing;
import io.rtdispatch.tools.launch.NodeProcess;
import io.rtdispatch.tools.launch.NodeSpec;
import io.rtdispatch.tools.launch.Topology;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.IntFunction;
import org.junit.jupiter.api.Test;

/**
 * Measures what clients cost a real frontend's heap, and checks that the unit costs the
 * auto-sized limits assume ({@link HeapSizing}) are not below what is measured.
 *
 * <p>One frontend and one dispatcher process (the launcher's layout). Each phase opens
 * {@value #CONNECTIONS} raw {@code /connect} streams, then reads the frontend's live heap with
 * {@code jcmd <pid> GC.class_histogram} (a full GC, then the bytes of every live object) and
 * subtracts the heap before the phase. The figures are printed and written to
 * {@code target/heap-costs.txt}; docs/configuration.md quotes them. Bounded: about a minute,
 * {@value #CONNECTIONS} sockets at a time.
 */
class HeapCostsTest {

  private static final int CONNECTIONS = 2000;
  private static final int TOPICS = 10;
  private static final int SHARED_TOPICS = 50;
  private static final Duration WAIT = Duration.ofSeconds(60);

  @Test
  void measuredUnitCostsAreWithinWhatTheAutoSizedLimitsAssume() throws Exception {
    List<NodeSpec> specs = LocalProcesses.layout(List.of(new Topology.DataCenter("dc-heap", 1, 1))).stream()
        .map(spec -> spec.withEnv("RTD_MAX_SUBSCRIPTIONS", "1000000").withEnv("RTD_MAX_CONNECTIONS", "10000"))
        .toList();
    try (LocalProcesses dc = new LocalProcesses(specs, "heap-costs").startAll()) {
      NodeProcess fe = dc.node("dc-heap-frontend-1");
      Side node = new Side(frontend(fe), fe, dispatcher(dc.node("dc-heap-dispatcher-1")),
          dc.node("dc-heap-dispatcher-1"));
      phase(node, 200, i -> "/connect?topic=warmup:" + i, 200, 200); // load classes, warm caches

      long base = liveHeap(fe);
      long connected = phase(node, CONNECTIONS, i -> "/connect", 0, 0)[0] - base;
      double perConnection = (double) connected / CONNECTIONS;

      long before = liveHeap(fe);
      long dispatcherBefore = liveHeap(node.dispatcherProcess());
      int own = CONNECTIONS * TOPICS;
      long[] ownHeap = phase(node, CONNECTIONS, i -> connectTopics("own:" + i + ":", TOPICS), own, own);
      double perOwnTopic = ((ownHeap[0] - before) - connected) / (double) own;
      double perRegistryEntry = (ownHeap[1] - dispatcherBefore) / (double) own;

      long beforeShared = liveHeap(fe);
      int shared = CONNECTIONS * SHARED_TOPICS;
      long sharedHeap = phase(node, CONNECTIONS, i -> connectTopics("shared:", SHARED_TOPICS), shared,
          SHARED_TOPICS)[0];
      double perSharedSubscription = ((sharedHeap - beforeShared) - connected) / (double) shared;

      String report = String.format("""
          heap cost, measured on one frontend process with %d connections (jcmd GC.class_histogram):
            the node itself, idle (live heap after a full GC): %,d bytes (auto-sizing reserves %,d)
            per open connection (no topics):                 %,.0f bytes  (auto-sizing assumes %,d)
            per subscription to a topic of its own:           %,.0f bytes  (auto-sizing assumes %,d)
            per subscription to a topic others also have:     %,.0f bytes
            per registry entry on a dispatcher (topic->node): %,.0f bytes
          """, CONNECTIONS, base, AutoLimits.RESERVED_BYTES, perConnection, HeapSizing.CONNECTION_BYTES, perOwnTopic, HeapSizing.SUBSCRIPTION_BYTES,
          perSharedSubscription, perRegistryEntry);
      System.out.print(report);
      Files.writeString(Path.of("target", "heap-costs.txt"), report);
      assertTrue(base <= AutoLimits.RESERVED_BYTES, report);
      assertTrue(perConnection <= HeapSizing.CONNECTION_BYTES, report);
      assertTrue(perOwnTopic <= HeapSizing.SUBSCRIPTION_BYTES, report);
      assertTrue(perSharedSubscription <= HeapSizing.SUBSCRIPTION_BYTES, report);
    }
  }

  private static String connectTopics(String prefix, int topics) {
    StringBuilder path = new StringBuilder("/connect?");
    for (int t = 0; t < topics; t++) {
      path.append(t == 0 ? "" : "&").append("topic=").append(prefix).append(t);
    }
    return path.toString();
  }

  /** The frontend measured and the dispatcher whose registry replica is measured. */
  private record Side(InetSocketAddress address, NodeProcess fe, InetSocketAddress dispatcher,
      NodeProcess dispatcherProcess) {}

  /**
   * Opens {@code count} streams, waits until the node counts them and their {@code subscriptions}
   * and the dispatcher's replica holds {@code topics} registry entries, reads both live heaps,
   * closes the streams and waits until the node has let go of them.
   *
   * @return the frontend's and the dispatcher's live heap while the streams were open
   */
  private static long[] phase(Side node, int count, IntFunction<String> target, int subscriptions, int topics)
      throws Exception {
    InetSocketAddress address = node.address();
    List<SocketChannel> streams = new ArrayList<>(count);
    try {
      openAll(address, count, target, streams);
      eventually(WAIT, () -> {
        assertEquals((double) count, TestNodes.metric(address, "rtd_frontend_connections"));
        assertEquals((double) subscriptions, TestNodes.metric(address, "rtd_frontend_subscriptions"));
        assertEquals((double) topics, TestNodes.metric(node.dispatcher(), "rtd_registry_entries"));
      });
      return new long[] {liveHeap(node.fe()), liveHeap(node.dispatcherProcess())};
    } finally {
      for (SocketChannel stream : streams) {
        stream.close();
      }
      eventually(WAIT, () -> {
        assertEquals(0.0, TestNodes.metric(address, "rtd_frontend_connections"));
        assertEquals(0.0, TestNodes.metric(address, "rtd_frontend_topics"));
        assertEquals(0.0, TestNodes.metric(node.dispatcher(), "rtd_registry_entries"));
      });
    }
  }

  /**
   * Opens the streams 32 at a time: each waits for its connected frame, which comes once its topics
   * are routable (a registry write), so one after another they would take minutes.
   */
  private static void openAll(InetSocketAddress address, int count, IntFunction<String> target,
      List<SocketChannel> streams) throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(32);
    try {
      List<Future<SocketChannel>> opening = new ArrayList<>(count);
      for (int i = 0; i < count; i++) {
        String path = target.apply(i);
        opening.add(pool.submit(() -> RawHttp.idleStream(address, path)));
      }
      Exception failed = null;
      for (Future<SocketChannel> stream : opening) {
        try {
          streams.add(stream.get());
        } catch (ExecutionException e) {
          failed = failed == null ? e : failed;
        }
      }
      if (failed != null) {
        throw failed;
      }
    } finally {
      pool.shutdownNow();
    }
  }

  /** Bytes of live objects after a full GC, from {@code jcmd <pid> GC.class_histogram}'s Total line. */
  static long liveHeap(NodeProcess node) throws IOException, InterruptedException {
    Process jcmd = new ProcessBuilder("jcmd", Long.toString(node.pid()), "GC.class_histogram").redirectErrorStream(true)
        .start();
    String out = new String(jcmd.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (!jcmd.waitFor(60, TimeUnit.SECONDS) || jcmd.exitValue() != 0) {
      throw new IOException("jcmd failed: " + out);
    }
    String[] lines = out.strip().split("\n");
    String[] total = lines[lines.length - 1].trim().split("\\s+");
    if (!total[0].equals("Total")) {
      throw new IOException("no Total line from jcmd: " + lines[lines.length - 1]);
    }
    return Long.parseLong(total[2]);
  }
}
