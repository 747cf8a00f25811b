package io.rtdispatch.loadtest.run;

import java.net.URI;

/**
 * The HTTP dialect of a system under test: how to subscribe to a topic and how to publish to it.
 *
 * <p>Ours accepts a batch (JSON array) per request; nchan publishes one message per request to one channel, so a
 * batch becomes that many requests pipelined on the same kept-alive connection (written together, answered in
 * order): the closest nchan's HTTP publisher API comes to a batch.
 */
public enum TargetKind {
  /** This project: {@code GET /connect?topic=T}, {@code POST /publish} with an envelope or an array of them. */
  RTD("http://127.0.0.1:8080", "http://127.0.0.1:8081"),
  /** nginx + nchan: {@code GET <sub>/T} as EventSource, {@code POST <pub>/T} with the data as body. */
  NCHAN("http://127.0.0.1:8090/sub", "http://127.0.0.1:8090/pub");

  private final String defaultSubscribeUrl;
  private final String defaultPublishUrl;

  TargetKind(String defaultSubscribeUrl, String defaultPublishUrl) {
    this.defaultSubscribeUrl = defaultSubscribeUrl;
    this.defaultPublishUrl = defaultPublishUrl;
  }

  public String defaultSubscribeUrl() {
    return defaultSubscribeUrl;
  }

  public String defaultPublishUrl() {
    return defaultPublishUrl;
  }

  /** Request target (path and query) of the SSE subscription for one topic. */
  public String subscribePath(URI base, String topic) {
    String path = trimSlash(base.getRawPath());
    return switch (this) {
      case RTD -> path + "/connect?topic=" + topic;
      case NCHAN -> path + "/" + topic;
    };
  }

  public boolean supportsBatch() {
    return this == RTD;
  }

  /**
   * Whether a stream counts as set up at its response head (nchan) or only at its first frame (ours: the
   * {@code connected} frame with the connection id, sent once the connection's actor exists).
   */
  public boolean readyAtHead() {
    return this == NCHAN;
  }

  /** Prometheus counter of events the server dropped for readers too slow to take them; null when it has none. */
  public String dropsMetric() {
    return this == RTD ? "rtd_frontend_drops_total" : null;
  }

  /** Request target of a publish; {@code topic} matters only for nchan. */
  public String publishPath(URI base, String topic) {
    String path = trimSlash(base.getRawPath());
    return switch (this) {
      case RTD -> path + "/publish";
      case NCHAN -> path + "/" + topic;
    };
  }

  /** Body for one publish request: the events' payloads, all for {@code topics[i]} (a batch only for RTD). */
  public String publishBody(String[] topics, String[] payloads, int count) {
    if (this == NCHAN) {
      return payloads[0];
    }
    StringBuilder sb = new StringBuilder(count * (payloads[0].length() + 60));
    if (count > 1) {
      sb.append('[');
    }
    for (int i = 0; i < count; i++) {
      if (i > 0) {
        sb.append(',');
      }
      sb.append("{\"topic\":\"").append(topics[i]).append("\",\"type\":\"like\",\"data\":").append(payloads[i])
          .append('}');
    }
    if (count > 1) {
      sb.append(']');
    }
    return sb.toString();
  }

  private static String trimSlash(String path) {
    if (path == null) {
      return "";
    }
    return path.endsWith("/") ? path.substring(0, path.length() - 1) : path;
  }
}
