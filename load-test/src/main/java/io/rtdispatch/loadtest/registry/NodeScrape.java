package io.rtdispatch.loadtest.registry;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.NavigableMap;
import java.util.concurrent.TimeUnit;

/**
 * Reads a node's Prometheus text ({@code GET /metrics}) and forces a full GC in a node process, for heap-per-entry
 * figures ({@code jcmd PID GC.run}, the JDK's own tool, next to the java binary running this).
 */
final class NodeScrape {
  private final HttpClient client;

  NodeScrape(HttpClient client) {
    this.client = client;
  }

  /**
   * The sum of every sample of a meter (all label sets), or -1 if the node did not answer.
   *
   * @param name the exposed name, e.g. {@code rtd_registry_entries}
   * @param labelFilter a substring the sample's labels must hold ("" for any)
   */
  double sum(URI node, String name, String labelFilter) {
    String text = metricsText(node);
    if (text == null) {
      return -1;
    }
    double total = 0;
    for (String line : text.split("\n")) {
      if (!line.startsWith(name) || line.length() == name.length()) {
        continue;
      }
      char next = line.charAt(name.length());
      if ((next == '{' && line.substring(name.length(), line.lastIndexOf('}') + 1).contains(labelFilter))
          || (next == ' ' && labelFilter.isEmpty())) {
        total += Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
      }
    }
    return total;
  }

  /**
   * Adds a Prometheus histogram's cumulative buckets of {@code node} into {@code into}: upper bound
   * in the meter's unit ({@code le}; +Inf as {@link Double#POSITIVE_INFINITY}) → samples at or below.
   *
   * @param name the histogram's exposed name without {@code _bucket}, e.g. {@code rtd_frontend_routable_wait_seconds}
   */
  void addBuckets(URI node, String name, NavigableMap<Double, Double> into) {
    String text = metricsText(node);
    if (text == null) {
      return;
    }
    String prefix = name + "_bucket{";
    for (String line : text.split("\n")) {
      int le = line.indexOf("le=\"");
      if (line.startsWith(prefix) && le > 0) {
        String bound = line.substring(le + 4, line.indexOf('"', le + 4));
        double upper = "+Inf".equals(bound) ? Double.POSITIVE_INFINITY : Double.parseDouble(bound);
        into.merge(upper, Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1)), Double::sum);
      }
    }
  }

  /** The node's Prometheus text ({@code GET /metrics}, 5 s at most), or null if it did not answer. */
  private String metricsText(URI node) {
    try {
      return client.send(HttpRequest.newBuilder(node.resolve("/metrics")).timeout(Duration.ofSeconds(5)).build(),
          HttpResponse.BodyHandlers.ofString()).body();
    } catch (IOException e) {
      return null;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return null;
    }
  }

  /** Heap in use right after a full GC of process {@code pid} (bytes), or -1 when jcmd is not available. */
  double heapAfterGc(URI node, long pid) throws InterruptedException {
    try {
      Process jcmd = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "jcmd").toString(),
          Long.toString(pid), "GC.run").redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD)
          .start();
      if (!jcmd.waitFor(60, TimeUnit.SECONDS) || jcmd.exitValue() != 0) {
        return -1;
      }
    } catch (IOException e) {
      return -1;
    }
    return sum(node, "jvm_memory_used_bytes", "area=\"heap\"");
  }
}
