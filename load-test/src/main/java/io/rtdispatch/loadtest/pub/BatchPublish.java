package io.rtdispatch.loadtest.pub;

import io.rtdispatch.loadtest.run.TargetKind;
import java.io.IOException;

/**
 * Sends a batch of events the way the target takes them best: ours one {@code POST /publish} with a JSON array, nchan
 * (which publishes one message per request) that many requests pipelined on one connection. Used by the open-loop
 * publisher and the routability prober alike.
 */
final class BatchPublish {
  private BatchPublish() {
  }

  /**
   * @param accepted set to whether each of the {@code count} events was accepted (2xx)
   * @return how many were accepted
   * @throws IOException when no answer came (then none counts as accepted)
   */
  static int send(HttpPublishClient client, TargetKind kind, String[] topics, String[] payloads, int count,
      boolean[] accepted) throws IOException {
    int[] statuses;
    if (kind.supportsBatch()) {
      int status = client.post(kind.publishPath(client.base(), topics[0]), kind.publishBody(topics, payloads, count));
      statuses = new int[count];
      java.util.Arrays.fill(statuses, status);
    } else {
      String[] paths = new String[count];
      String[] bodies = new String[count];
      for (int i = 0; i < count; i++) {
        paths[i] = kind.publishPath(client.base(), topics[i]);
        bodies[i] = kind.publishBody(new String[] {topics[i]}, new String[] {payloads[i]}, 1);
      }
      statuses = client.postAll(paths, bodies, count);
    }
    int ok = 0;
    for (int i = 0; i < count; i++) {
      accepted[i] = statuses[i] >= 200 && statuses[i] < 300;
      ok += accepted[i] ? 1 : 0;
    }
    return ok;
  }
}
