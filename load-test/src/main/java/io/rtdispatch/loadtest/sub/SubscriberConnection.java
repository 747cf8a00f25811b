package io.rtdispatch.loadtest.sub;

import io.rtdispatch.loadtest.http.ResponseDecoder;
import io.rtdispatch.loadtest.http.ResponseHead;
import io.rtdispatch.loadtest.pub.EventCodec;
import io.rtdispatch.loadtest.sse.SseListener;
import io.rtdispatch.loadtest.sse.SseParser;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.util.BitSet;

/**
 * One simulated EventSource client: its socket, HTTP and SSE parsing state, and what it has received.
 *
 * <p>The slot outlives individual TCP connections: after a reconnect the same object carries on, so an event seen
 * before and again after a reconnect counts as a duplicate. Memory per slot is a few hundred bytes plus the bit set
 * of seen per-topic sequence numbers.
 */
final class SubscriberConnection implements SseListener {
  enum State { IDLE, CONNECTING, STREAMING, WAIT_RECONNECT, CLOSED }

  final int topic;
  final String requestTarget;
  final InetSocketAddress remote;
  final InetSocketAddress local;
  final byte[] request;
  /** Ready at the response head (nchan) rather than at the first frame (ours: {@code connected}). */
  final boolean readyAtHead;
  /** A slow reader: stops reading once its stream is ready, and is never expected to receive anything. */
  final boolean stalls;
  /** SO_RCVBUF for this connection, 0 = the system's. */
  final int receiveBuffer;
  private final SubscriberStats stats;

  State state = State.IDLE;
  SocketChannel channel;
  ByteBuffer pendingWrite;
  ResponseDecoder decoder;
  SseParser parser;
  long connectStartNanos;
  long openedNanos;
  long reconnectAtNanos;
  boolean routable;
  boolean ready;
  boolean stallRequested;
  boolean stalledNow;
  boolean afterStorm;
  boolean openAtMeasureStart;
  long nowMicros;
  private final BitSet seen = new BitSet();
  private final long[] decoded = new long[2];

  SubscriberConnection(int topic, String host, String requestTarget, InetSocketAddress remote,
      InetSocketAddress local, SubscriberStats stats, boolean readyAtHead, boolean stalls, int receiveBuffer) {
    this.topic = topic;
    this.readyAtHead = readyAtHead;
    this.stalls = stalls;
    this.receiveBuffer = receiveBuffer;
    this.requestTarget = requestTarget;
    this.remote = remote;
    this.local = local;
    this.stats = stats;
    this.request = ("GET " + requestTarget + " HTTP/1.1\r\nHost: " + host
        + "\r\nAccept: text/event-stream\r\nCache-Control: no-cache\r\nUser-Agent: rtd-load-test\r\n\r\n")
        .getBytes(java.nio.charset.StandardCharsets.US_ASCII);
  }

  /** Fresh HTTP and SSE state for a new TCP connection. */
  void startAttempt(long nowNanos) {
    decoder = new ResponseDecoder(this::onBody);
    parser = new SseParser(this);
    pendingWrite = ByteBuffer.wrap(request);
    connectStartNanos = nowNanos;
    routable = false;
    ready = false;
    stallRequested = false;
    state = State.CONNECTING;
  }

  /**
   * The stream is set up: records the connect time (to this moment, not to the TCP connect or the response head
   * alone) and, for a slow reader, asks the engine to stop reading it.
   */
  void markReady(long nowNanos) {
    if (ready) {
      return;
    }
    ready = true;
    SubscriberStats.record(afterStorm ? stats.stormConnect : stats.connect, (nowNanos - connectStartNanos) / 1000);
    stallRequested = stalls;
  }

  /** Whether this connection counts as a reader (open, and not a slow reader) for the expected deliveries. */
  boolean isOpenReader() {
    return state == State.STREAMING && !stalls;
  }

  /** Feeds head bytes only; returns how many were consumed (see {@link ResponseDecoder#feedHead}). */
  int onHeadBytes(byte[] bytes, int offset, int length) {
    return decoder.feedHead(bytes, offset, length);
  }

  ResponseHead head() {
    return decoder.head();
  }

  /** Feeds bytes after the head; frames are parsed and counted at once. */
  void onBodyBytes(byte[] bytes, int offset, int length, long receiveMicros) {
    nowMicros = receiveMicros;
    decoder.feed(bytes, offset, length);
  }

  private void onBody(byte[] bytes, int offset, int length) {
    stats.bytes += length;
    parser.feed(bytes, offset, length);
  }

  @Override
  public void onEvent(String eventType, String lastEventId, byte[] data, int offset, int length) {
    if (stallRequested || stalledNow) {
      return; // a slow reader takes nothing after its stream is set up
    }
    if ("refused".equals(eventType)) {
      stats.otherEvents++; // the node could not take the stream now (docs/api.md): not ready, the server ends it
      return;
    }
    markReady(System.nanoTime());
    if (eventType != null || !EventCodec.decode(data, offset, length, decoded)) {
      stats.otherEvents++;
      return;
    }
    if (!routable) {
      routable = true;
      stats.routable++;
      long micros = (System.nanoTime() - openedNanos) / 1000;
      SubscriberStats.record(afterStorm ? stats.stormRoutable : stats.routableTime, micros);
    }
    long seq = decoded[0];
    if (seq < 0) {
      stats.probes++;
      return;
    }
    stats.deliveries++;
    SubscriberStats.record(stats.latency, nowMicros - decoded[1]);
    if (seq > Integer.MAX_VALUE || seen.get((int) seq)) {
      stats.duplicates++;
    } else {
      seen.set((int) seq);
      stats.unique++;
    }
  }

  @Override
  public void onComment(byte[] line, int offset, int length) {
    stats.heartbeats++;
  }

  @Override
  public void onRetry(long millis) {
    // The hint is parsed and accepted; reconnect timing is set by the scenario so runs stay comparable.
  }
}
