package io.rtdispatch.loadtest.pub;

import java.io.IOException;
import java.util.Collection;
import java.util.List;

/**
 * Publishes routability probes (events with sequence -1) to given topics, batched where the target allows.
 * Used right after streams open: the first probe a stream receives marks the moment its subscription became
 * routable; probes are not counted as deliveries.
 */
public final class Prober implements AutoCloseable {
  private static final int MAX_BATCH = 100;
  private final PublishSettings settings;
  private final HttpPublishClient client;

  public Prober(PublishSettings settings) {
    this.settings = settings;
    this.client = new HttpPublishClient(settings.publishUrls().get(0));
  }

  /** Sends one probe to each topic (batches of up to 100, pipelined for nchan); returns how many were not accepted. */
  public int probe(Collection<Integer> topics) {
    List<Integer> list = List.copyOf(topics);
    int failures = 0;
    boolean[] accepted = new boolean[MAX_BATCH];
    for (int from = 0; from < list.size(); from += MAX_BATCH) {
      int n = Math.min(MAX_BATCH, list.size() - from);
      String[] names = new String[n];
      String[] payloads = new String[n];
      String payload = EventCodec.payload(EventCodec.PROBE_SEQ, EventCodec.nowMicros(), 0);
      for (int i = 0; i < n; i++) {
        names[i] = settings.topicPrefix() + list.get(from + i);
        payloads[i] = payload;
      }
      try {
        failures += n - BatchPublish.send(client, settings.kind(), names, payloads, n, accepted);
      } catch (IOException e) {
        client.close();
        failures += n;
      }
    }
    return failures;
  }

  @Override
  public void close() {
    client.close();
  }
}
