package io.rtdispatch.loadtest.pub;

import io.rtdispatch.loadtest.stats.Histograms;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicIntegerArray;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.LockSupport;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;

/**
 * Publishes on an {@link OpenLoopSchedule} with a fixed number of sender threads, one kept-alive connection each.
 *
 * <p>Each sender takes the next due batch from a shared counter, waits until it is due and sends it; when every
 * sender is busy waiting for the server, batches become late instead of the schedule stretching. A batch already
 * later than the maximum lateness is dropped and counted, so an overloaded server cannot make the run overrun its
 * duration. Events carry a per-topic sequence number so receivers can detect duplicates; accepted events are counted
 * per topic to compute how many deliveries to expect. Each batch goes out as {@link BatchPublish} sends it; its
 * round trip (first byte written to last answer read) is the publish request time.
 */
public final class OpenLoopPublisher {
  private final PublishSettings settings;
  private final TopicPicker picker;
  private final AtomicIntegerArray nextSeq;
  private final AtomicLongArray acceptedPerTopic;
  private final AtomicLong nextBatch = new AtomicLong();
  private final LongAdder sent = new LongAdder();
  private final LongAdder accepted = new LongAdder();
  private final LongAdder failed = new LongAdder();
  private final LongAdder late = new LongAdder();
  private final LongAdder dropped = new LongAdder();
  private final LongAdder requests = new LongAdder();
  private final Recorder requestTime = new Recorder(1, Histograms.HIGHEST_MICROS, 3);
  private final Histogram requestTimeTotal = Histograms.newMicros();
  private final List<Thread> threads = new ArrayList<>();
  private volatile OpenLoopSchedule schedule;
  private volatile boolean stopped;

  public OpenLoopPublisher(PublishSettings settings, TopicPicker picker) {
    this.settings = settings;
    this.picker = picker;
    this.nextSeq = new AtomicIntegerArray(settings.topicCount());
    this.acceptedPerTopic = new AtomicLongArray(settings.topicCount());
  }

  /** Starts publishing for {@code seconds}; returns at once. */
  public void start(double seconds) {
    schedule = OpenLoopSchedule.forDuration(System.nanoTime(), settings.eventsPerSecond(), settings.batchSize(),
        seconds);
    for (int i = 0; i < settings.concurrency(); i++) {
      HttpPublishClient client = new HttpPublishClient(settings.publishUrls().get(i % settings.publishUrls().size()));
      SplittableRandom random = new SplittableRandom(0x5eedL + i * 7919L);
      Thread t = new Thread(() -> sendLoop(client, random), "publisher-" + i);
      t.setDaemon(true);
      threads.add(t);
    }
    threads.forEach(Thread::start);
  }

  /** Waits for the schedule to finish (or stops it early when {@code stop} is set). */
  public void awaitEnd() throws InterruptedException {
    for (Thread t : threads) {
      t.join();
    }
  }

  public void stop() {
    stopped = true;
  }

  public PublisherStats stats() {
    OpenLoopSchedule s = schedule;
    return new PublisherStats(s == null ? 0 : s.totalEvents(), sent.sum(), accepted.sum(), failed.sum(), late.sum(),
        dropped.sum(), requests.sum());
  }

  /** Request round-trip times (µs) recorded since the last call, also added to the total. */
  public synchronized Histogram requestTimeInterval() {
    Histogram interval = requestTime.getIntervalHistogram();
    requestTimeTotal.add(interval);
    return interval;
  }

  public synchronized Histogram requestTimeTotal() {
    requestTimeTotal.add(requestTime.getIntervalHistogram());
    return requestTimeTotal.copy();
  }

  /** Accepted events per topic (index = topic). */
  public long[] acceptedPerTopic() {
    long[] copy = new long[acceptedPerTopic.length()];
    for (int i = 0; i < copy.length; i++) {
      copy[i] = acceptedPerTopic.get(i);
    }
    return copy;
  }

  private void sendLoop(HttpPublishClient client, SplittableRandom random) {
    int batchSize = settings.batchSize();
    int[] topics = new int[batchSize];
    String[] topicNames = new String[batchSize];
    String[] payloads = new String[batchSize];
    try {
      long k;
      while (!stopped && (k = nextBatch.getAndIncrement()) < schedule.batchCount()) {
        int n = schedule.eventsInBatch(k);
        long due = schedule.dueNanos(k);
        long wait;
        while (!stopped && (wait = due - System.nanoTime()) > 0) {
          LockSupport.parkNanos(wait);
        }
        long latenessMicros = (System.nanoTime() - due) / 1000;
        if (latenessMicros > settings.maxLatenessMicros()) {
          dropped.add(n);
          continue;
        }
        if (latenessMicros > settings.lateThresholdMicros()) {
          late.add(n);
        }
        long sendMicros = EventCodec.nowMicros();
        for (int i = 0; i < n; i++) {
          topics[i] = picker.next(random);
          topicNames[i] = settings.topicPrefix() + topics[i];
          payloads[i] = EventCodec.payload(nextSeq.getAndIncrement(topics[i]), sendMicros, settings.paddingBytes());
        }
        send(client, topics, topicNames, payloads, n);
      }
    } finally {
      client.close();
    }
  }

  private void send(HttpPublishClient client, int[] topics, String[] topicNames, String[] payloads, int n) {
    boolean[] ok = new boolean[n];
    long start = System.nanoTime();
    requests.add(settings.kind().supportsBatch() ? 1 : n);
    sent.add(n);
    int acceptedNow = 0;
    try {
      acceptedNow = BatchPublish.send(client, settings.kind(), topicNames, payloads, n, ok);
      requestTime.recordValue(Math.max(1, Math.min((System.nanoTime() - start) / 1000, Histograms.HIGHEST_MICROS)));
    } catch (IOException e) {
      client.close();
    }
    for (int i = 0; i < n; i++) {
      if (ok[i]) {
        acceptedPerTopic.incrementAndGet(topics[i]);
      }
    }
    accepted.add(acceptedNow);
    failed.add(n - acceptedNow);
  }
}
