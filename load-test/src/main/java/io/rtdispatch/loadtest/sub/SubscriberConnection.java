package io.rtdispatch.loadtest.sub;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.rtdispatch.loadtest.http.ResponseDecoder;
import io.rtdispatch.loadtest.http.ResponseHead;
import io.rtdispatch.loadtest.pub.EventCodec;
import io.rtdispatch.loadtest.run.TargetKind;
import io.rtdispatch.tools.sse.SseListener;
import io.rtdispatch.tools.sse.SseParser;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URLEncoder;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.util.BitSet;
import java.util.List;

/**
 * One simulated EventSource client: its socket, HTTP and SSE parsing state, and what it has received.
 *
 * <p>The slot outlives individual TCP connections: after a reconnect the same object carries on, so an event seen
 * before and again after a reconnect counts as a duplicate. Like a browser, the slot keeps the last event id it saw
 * and sends it on every reconnect ({@link LastEventIdMode}); a reconnect after a server close or a failed connect
 * goes to the next frontend of the list, after the last {@code retry:} the server sent (a browser's reconnection
 * time; the scenario's reconnect delay until one came). Memory per slot is a few hundred bytes plus the bit set of seen per-topic
 * sequence numbers.
 *
 * <p>Accounting of a stream opened by a reconnect: an event received on it for the first time counts as
 * <em>recovered</em> when it was published (its payload's send time) before this connect attempt started, since the
 * client had no stream then and only a replay (Last-Event-ID) can have brought it; every other first receipt is
 * <em>live</em>. An event whose publish was still on its way to the server when the new subscription became routable
 * can be counted recovered although the live path delivered it: that window is one publish round trip.
 */
final class SubscriberConnection implements SseListener {
  enum State { IDLE, CONNECTING, STREAMING, WAIT_RECONNECT, CLOSED }

  private static final ObjectMapper JSON = new ObjectMapper();

  final int topic;
  private final String topicName;
  private final TargetKind kind;
  private final List<Endpoint> endpoints;
  private final LastEventIdMode lastEventIdMode;
  private int endpoint;
  final InetSocketAddress local;
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
  /** The last {@code retry:} the server sent on any stream (milliseconds), or -1: EventSource keeps it across reconnects. */
  long retryMillis = -1;
  boolean routable;
  boolean ready;
  boolean stallRequested;
  boolean stalledNow;
  boolean afterStorm;
  boolean openAtMeasureStart;
  long nowMicros;
  /** The last {@code id:} received on any of this slot's streams (what EventSource keeps), null before one. */
  private String lastEventId;
  /** Whether this connect attempt sent {@link #lastEventId}. */
  private boolean sentLastEventId;
  /** Wall-clock µs at which this attempt started if the slot had a stream before, else {@code Long.MIN_VALUE}. */
  private long resumedAtMicros = Long.MIN_VALUE;
  private boolean everReady;
  /** When the slot's last stream ended ({@code System.nanoTime()}), 0 while it has one. */
  private long streamEndedNanos;
  private final BitSet seen = new BitSet();
  private final long[] decoded = new long[2];

  /**
   * @param endpoints the frontends this client may use, shared between slots
   * @param firstEndpoint index of the one it connects to first
   */
  SubscriberConnection(int topic, String topicName, TargetKind kind, List<Endpoint> endpoints, int firstEndpoint,
      InetSocketAddress local, SubscriberStats stats, boolean stalls, int receiveBuffer,
      LastEventIdMode lastEventIdMode) {
    this.topic = topic;
    this.topicName = topicName;
    this.kind = kind;
    this.endpoints = endpoints;
    this.endpoint = firstEndpoint % endpoints.size();
    this.readyAtHead = kind.readyAtHead();
    this.stalls = stalls;
    this.receiveBuffer = receiveBuffer;
    this.local = local;
    this.stats = stats;
    this.lastEventIdMode = lastEventIdMode;
  }

  /** The frontend the next connect attempt goes to. */
  InetSocketAddress remote() {
    return endpoints.get(endpoint).remote();
  }

  /** The stream ended or the connect failed: the next attempt goes to the next frontend (a no-op with one). */
  void moveToNextFrontend() {
    endpoint = (endpoint + 1) % endpoints.size();
  }

  /** The GET request of one attempt: the topic on the current frontend, with the last event id if there is one. */
  byte[] request() {
    Endpoint e = endpoints.get(endpoint);
    String target = kind.subscribePath(e.base(), topicName);
    String id = lastEventIdMode == LastEventIdMode.NONE || lastEventId == null || lastEventId.isEmpty()
        ? null : lastEventId;
    sentLastEventId = id != null;
    if (id != null && lastEventIdMode == LastEventIdMode.QUERY) {
      target += (target.indexOf('?') < 0 ? "?" : "&") + "lastEventId=" + URLEncoder.encode(id, StandardCharsets.UTF_8);
    }
    StringBuilder sb = new StringBuilder(200).append("GET ").append(target).append(" HTTP/1.1\r\nHost: ")
        .append(e.host()).append("\r\nAccept: text/event-stream\r\nCache-Control: no-cache\r\n")
        .append("User-Agent: rtd-load-test\r\n");
    if (id != null && lastEventIdMode == LastEventIdMode.HEADER) {
      sb.append("Last-Event-ID: ").append(id).append("\r\n");
    }
    return sb.append("\r\n").toString().getBytes(StandardCharsets.UTF_8);
  }

  /** Fresh HTTP and SSE state for a new TCP connection. */
  void startAttempt(long nowNanos) {
    decoder = new ResponseDecoder(this::onBody);
    parser = new SseParser(this);
    pendingWrite = ByteBuffer.wrap(request());
    if (sentLastEventId) {
      stats.resumeRequests++;
    }
    resumedAtMicros = everReady ? EventCodec.nowMicros() : Long.MIN_VALUE;
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
    everReady = true;
    if (streamEndedNanos != 0) {
      stats.longestGapMicros = Math.max(stats.longestGapMicros, (nowNanos - streamEndedNanos) / 1000);
      streamEndedNanos = 0;
    }
    SubscriberStats.record(afterStorm ? stats.stormConnect : stats.connect, (nowNanos - connectStartNanos) / 1000);
    stallRequested = stalls;
  }

  /** The slot's stream (or attempt) ended: the gap until the next stream is ready starts now, if it had one. */
  void markStreamEnded(long nowNanos) {
    if (everReady && streamEndedNanos == 0) {
      streamEndedNanos = nowNanos;
    }
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
    if (lastEventId != null) {
      this.lastEventId = lastEventId; // EventSource keeps it across reconnects
    }
    if ("refused".equals(eventType)) {
      stats.otherEvents++; // the node could not take the stream now (docs/api.md): not ready, the server ends it
      return;
    }
    markReady(System.nanoTime());
    if ("connected".equals(eventType) && sentLastEventId) {
      countRecoveryFlag(data, offset, length);
    }
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
      if (decoded[1] < resumedAtMicros) {
        stats.recovered++;
      }
    }
  }

  /** Counts the {@code "recovered": true|false} of a connected frame answering a Last-Event-ID; absent: neither. */
  private void countRecoveryFlag(byte[] data, int offset, int length) {
    try {
      JsonNode flag = JSON.readTree(data, offset, length).path("recovered");
      if (flag.isBoolean()) {
        if (flag.booleanValue()) {
          stats.recoveredTrue++;
        } else {
          stats.recoveredFalse++;
        }
      }
    } catch (IOException e) {
      // not JSON: the frame says nothing about recovery, and the stream goes on
    }
  }

  @Override
  public void onComment(byte[] line, int offset, int length) {
    stats.heartbeats++;
  }

  @Override
  public void onRetry(long millis) {
    retryMillis = millis; // the next reconnect after the server ended a stream waits this long, as EventSource does
  }
}
