package io.rtdispatch.loadtest.stats;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;

/**
 * Events a server says it dropped (a slow reader's full buffer), read from its Prometheus {@code /metrics} once
 * before and once after a measurement, so the cost to the server is two requests per run. Servers without such a
 * counter (nchan) report -1.
 */
public final class ServerDrops {
  private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

  private ServerDrops() {
  }

  /**
   * The sum of {@code metric} over the {@code /metrics} pages of the given base URLs, or -1 when the metric is null
   * or a page cannot be read.
   */
  public static long read(List<URI> bases, String metric) {
    if (metric == null) {
      return -1;
    }
    long sum = 0;
    for (URI base : bases) {
      try {
        String path = base.getRawPath() == null ? "" : base.getRawPath().replaceAll("/+$", "");
        HttpRequest request = HttpRequest.newBuilder(base.resolve(path + "/metrics"))
            .timeout(Duration.ofSeconds(5)).GET().build();
        HttpResponse<String> response = HTTP.send(request, HttpResponse.BodyHandlers.ofString());
        long value = response.statusCode() == 200 ? sum(response.body(), metric) : -1;
        if (value < 0) {
          return -1;
        }
        sum += value;
      } catch (IOException | IllegalArgumentException e) {
        return -1;
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return -1;
      }
    }
    return sum;
  }

  /** Sum of the samples of {@code metric} (any labels) in Prometheus text format; -1 when there is none. */
  static long sum(String text, String metric) {
    double total = 0;
    boolean found = false;
    for (String line : text.split("\n")) {
      if (line.startsWith(metric + " ") || line.startsWith(metric + "{")) {
        String rest = line.contains("}") ? line.substring(line.lastIndexOf('}') + 1) : line.substring(metric.length());
        try {
          total += Double.parseDouble(rest.trim().split("\\s+")[0]);
          found = true;
        } catch (NumberFormatException e) {
          // a malformed sample: skip it
        }
      }
    }
    return found ? Math.round(total) : -1;
  }
}
