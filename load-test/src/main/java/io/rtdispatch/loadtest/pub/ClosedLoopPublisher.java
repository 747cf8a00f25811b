package io.rtdispatch.loadtest.pub;

import java.io.IOException;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

/**
 * Publishes as fast as a dispatcher answers: {@code connections} threads, each on its own kept-alive connection,
 * keep {@code pipeline} requests of {@code batch} events in flight ({@code POST /publish} with one event, or a JSON
 * array of {@code batch} events) until stopped. A closed loop measures what the server accepts, where the open-loop
 * publisher of the other scenarios measures latency at a fixed rate.
 *
 * <p>Topics are {@code <prefix>0 … <prefix>(topics-1)}, drawn round-robin per thread from a start spread over
 * them, so every topic gets about the same share at any time. Counts are of events: accepted (answered 202),
 * refused (any other answer) and lost (no answer).
 */
public final class ClosedLoopPublisher implements AutoCloseable {
  private final URI dispatcher;
  private final String topicPrefix;
  private final int topics;
  private final int batch;
  private final int pipeline;
  private final int payloadBytes;
  private final int subscribedTopics;
  private final List<Thread> threads = new ArrayList<>();
  private final LongAdder accepted = new LongAdder();
  private final LongAdder refused = new LongAdder();
  private final LongAdder lost = new LongAdder();
  private final LongAdder acceptedSubscribed = new LongAdder();
  private final AtomicLong lastRefusal = new AtomicLong();
  private volatile boolean running = true;

  /**
   * Shapes as in the class comment; every count must be at least 1. Topics below {@code subscribedTopics} are the
   * ones a subscriber listens to: their accepted events are counted apart ({@link #acceptedSubscribed()}).
   */
  public ClosedLoopPublisher(URI dispatcher, String topicPrefix, int topics, int subscribedTopics, int batch,
      int pipeline, int payloadBytes) {
    if (topics < 1 || batch < 1 || pipeline < 1 || payloadBytes < 0) {
      throw new IllegalArgumentException("topics, batch and pipeline must be at least 1");
    }
    this.dispatcher = dispatcher;
    this.topicPrefix = topicPrefix;
    this.topics = topics;
    this.batch = batch;
    this.pipeline = pipeline;
    this.payloadBytes = payloadBytes;
    this.subscribedTopics = subscribedTopics;
  }

  /** Starts {@code connections} publishing threads. */
  public void start(int connections) {
    for (int i = 0; i < connections; i++) {
      long first = (long) i * topics / connections; // threads start spread over the topics
      Thread t = new Thread(() -> loop(first), "closed-loop-publisher-" + i);
      t.setDaemon(true);
      threads.add(t);
      t.start();
    }
  }

  public long accepted() {
    return accepted.sum();
  }

  public long refused() {
    return refused.sum();
  }

  public long lost() {
    return lost.sum();
  }

  /** Accepted events of the subscribed topics: what a subscriber of all of them should receive. */
  public long acceptedSubscribed() {
    return acceptedSubscribed.sum();
  }

  /** The status of the latest refusal (0 if none), for the report. */
  public long lastRefusalStatus() {
    return lastRefusal.get();
  }

  private void loop(long firstTopic) {
    String path = dispatcher.getRawPath() == null ? "/publish" : dispatcher.getRawPath().replaceAll("/+$", "") + "/publish";
    String[] paths = new String[pipeline];
    String[] bodies = new String[pipeline];
    int[] subscribed = new int[pipeline];
    java.util.Arrays.fill(paths, path);
    long next = firstTopic;
    long seq = 0;
    try (HttpPublishClient client = new HttpPublishClient(dispatcher)) {
      while (running) {
        for (int r = 0; r < pipeline; r++) {
          StringBuilder body = new StringBuilder(batch * (80 + payloadBytes));
          subscribed[r] = 0;
          if (batch > 1) {
            body.append('[');
          }
          for (int e = 0; e < batch; e++) {
            if (e > 0) {
              body.append(',');
            }
            long topic = next++ % topics;
            subscribed[r] += topic < subscribedTopics ? 1 : 0;
            body.append("{\"topic\":\"").append(topicPrefix).append(topic)
                .append("\",\"type\":\"load\",\"data\":").append(EventCodec.payload(seq++, EventCodec.nowMicros(),
                    payloadBytes)).append('}');
          }
          if (batch > 1) {
            body.append(']');
          }
          bodies[r] = body.toString();
        }
        count(post(client, paths, bodies), subscribed);
      }
    }
  }

  private int[] post(HttpPublishClient client, String[] paths, String[] bodies) {
    try {
      return client.postAll(paths, bodies, pipeline);
    } catch (IOException e) {
      return new int[pipeline];
    }
  }

  private void count(int[] statuses, int[] subscribed) {
    for (int r = 0; r < statuses.length; r++) {
      int status = statuses[r];
      if (status == 202) {
        accepted.add(batch);
        acceptedSubscribed.add(subscribed[r]);
      } else if (status == 0) {
        lost.add(batch);
      } else {
        refused.add(batch);
        lastRefusal.set(status);
      }
    }
  }

  /** Stops the threads and waits for their last requests (at most the client's read timeout). */
  @Override
  public void close() throws InterruptedException {
    running = false;
    for (Thread t : threads) {
      t.join(15_000);
    }
  }
}
