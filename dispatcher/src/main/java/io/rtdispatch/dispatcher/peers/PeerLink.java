package io.rtdispatch.dispatcher.peers;

import io.rtdispatch.common.flow.ByteBudget;
import akka.Done;
import akka.actor.typed.ActorSystem;
import akka.pattern.CircuitBreaker;
import io.micrometer.core.instrument.Counter;
import io.rtdispatch.common.event.Event;
import io.rtdispatch.common.metrics.Metrics;
import io.rtdispatch.dispatcher.link.Batch;
import io.rtdispatch.dispatcher.link.BatchLink;
import io.rtdispatch.dispatcher.link.HttpConnections;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Forwarding to one peer data center: events published here are POSTed, batched, to one of the
 * peer's dispatchers ({@code /internal/peer-publish}), which delivers them in its data center and
 * never forwards them again.
 *
 * <p>Isolation: a bounded, batching {@link BatchLink}, a request timeout, and a circuit breaker
 * that, after {@code max-failures} failed batches in a row, drops batches without touching the
 * network until {@code reset-timeout} has passed and a trial batch succeeds; so a peer that is down
 * or slow costs this data center a full queue and counted drops, never latency. Events older than
 * the request timeout are dropped, not forwarded ({@code reason="expired"}). Failover: a
 * connection failure or an error status moves to the peer's next dispatcher URL within the same
 * batch and its deadline; a timeout on an open connection does not, since the peer may have taken
 * the batch, and a second copy would reach its clients twice (delivery stays at-most-once).
 */
final class PeerLink {

  private static final Logger log = LoggerFactory.getLogger(PeerLink.class);

  private final String peer;
  private final String origin;
  private final List<String> urls;
  private final List<HttpConnections> connections;
  private final String[] headers;
  private final CircuitBreaker breaker;
  private final AtomicInteger current = new AtomicInteger();
  private final BatchLink link;
  private final Counter forwarded;
  private final Counter failures;
  private final Counter dropsQueueFull;
  private final Counter dropsFailed;
  private final Counter dropsCircuitOpen;
  private final Counter dropsExpired;

  PeerLink(ActorSystem<?> system, String origin, String peer, List<String> urls, PeerSettings settings,
      Duration connectTimeout, Metrics metrics, ByteBudget queued) {
    this.peer = peer;
    this.origin = origin;
    this.urls = urls;
    this.connections = urls.stream().map(url -> new HttpConnections(system, url, connectTimeout)).toList();
    this.headers = settings.token().isEmpty() ? new String[] {Peers.ORIGIN_HEADER, origin}
        : new String[] {Peers.ORIGIN_HEADER, origin, "Authorization", "Bearer " + settings.token()};
    // Every attempt of a batch ends by the batch's deadline, at most one request timeout away.
    Duration callTimeout = settings.link().requestTimeout().plusSeconds(1);
    this.breaker = CircuitBreaker.create(system.classicSystem().scheduler(), settings.maxFailures(), callTimeout,
        settings.resetTimeout())
        .addOnOpenListener(() -> log.warn("Peer data center {} keeps failing: circuit open, dropping its batches for {}",
            peer, settings.resetTimeout()))
        .addOnHalfOpenListener(() -> log.info("Peer data center {}: trying again", peer))
        .addOnCloseListener(() -> log.info("Peer data center {} accepts forwarded events again", peer));
    forwarded = metrics.counter("rtd.peer.events.forwarded", "Events forwarded to a peer data center", "peer", peer);
    failures = metrics.counter("rtd.peer.forward.failures", "Batches no dispatcher of the peer accepted", "peer", peer);
    dropsQueueFull = metrics.counter("rtd.peer.drops", "Events not forwarded", "peer", peer, "reason", "queue-full");
    dropsFailed = metrics.counter("rtd.peer.drops", "Events not forwarded", "peer", peer, "reason", "failed");
    dropsCircuitOpen = metrics.counter("rtd.peer.drops", "Events not forwarded", "peer", peer, "reason", "circuit-open");
    dropsExpired = metrics.counter("rtd.peer.drops", "Events not forwarded", "peer", peer, "reason", "expired");
    metrics.gauge("rtd.peer.circuit.open", "1 while forwarding to the peer is suspended", () -> breaker.isOpen() ? 1 : 0,
        "peer", peer);
    this.link = new BatchLink(system, settings.link(), this::send, dropsExpired::increment, queued);
  }

  void offer(Event event) {
    if (!link.offer(event)) {
      dropsQueueFull.increment();
    }
  }

  private CompletionStage<Done> send(Batch batch) {
    if (breaker.isOpen()) {
      dropsCircuitOpen.increment(batch.events().size());
      return CompletableFuture.completedFuture(Done.getInstance());
    }
    return breaker.callWithCircuitBreakerCS(() -> attempt(batch, current.get(), 0)).handle((url, failure) -> {
      if (failure == null) {
        forwarded.increment(batch.events().size());
      } else {
        failures.increment();
        dropsFailed.increment(batch.events().size());
        log.debug("Forwarding {} events to peer data center {} failed: {}", batch.events().size(), peer,
            failure.toString());
      }
      return Done.getInstance();
    });
  }

  /**
   * Posts to {@code urls[(first + tried) % n]}, moving on to the next dispatcher of the peer after a
   * refusal (connection refused, or a 503/429 answer: that dispatcher is draining, not ready or
   * full, and took nothing), not after a timeout or a broken exchange (the batch may have arrived:
   * at-most-once, never twice) nor after another answer (every dispatcher would give the same).
   */
  private CompletionStage<String> attempt(Batch batch, int first, int tried) {
    int index = (first + tried) % urls.size();
    String url = urls.get(index);
    return connections.get(index).post("/internal/peer-publish", batch, headers)
        .handle((reply, failure) -> {
          if (failure == null && reply.ok()) {
            current.set(index);
            return CompletableFuture.completedFuture(url);
          }
          String reason = failure != null ? failure.toString() : "HTTP " + reply.status() + " " + reply.body();
          boolean refused = failure == null ? reply.status() == 503 || reply.status() == 429 : !mayHaveArrived(failure);
          if (!refused || tried + 1 >= urls.size() || batch.remainingNanos() <= 0) {
            return CompletableFuture.<String>failedFuture(new IllegalStateException(
                "peer " + peer + " at " + url + ": " + reason));
          }
          log.debug("Peer {} dispatcher {} failed ({}); trying the next one", peer, url, reason);
          return attempt(batch, first, tried + 1);
        })
        .thenCompose(next -> next);
  }

  private static boolean mayHaveArrived(Throwable failure) {
    Throwable cause = failure instanceof CompletionException && failure.getCause() != null ? failure.getCause() : failure;
    return !(cause instanceof HttpConnections.LinkFailure linkFailure) || linkFailure.mayHaveArrived();
  }
}
