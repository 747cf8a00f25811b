package io.rtdispatch.dispatcher.link;

import akka.Done;
import akka.actor.typed.ActorSystem;
import akka.japi.Pair;
import akka.stream.BoundedSourceQueue;
import akka.stream.QueueOfferResult;
import akka.stream.javadsl.Keep;
import akka.stream.javadsl.Sink;
import akka.stream.javadsl.Source;
import io.rtdispatch.common.event.Event;
import io.rtdispatch.common.flow.ByteBudget;
import io.rtdispatch.common.flow.Queues;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Function;
import java.util.function.IntConsumer;

/**
 * A bounded, batching pipe of events to one remote node: the dispatcher's side of every
 * node-to-node hop (to a frontend, to a peer data center).
 *
 * <p>Events are spread over {@code parallelism} lanes by topic; each lane sends one batch at a
 * time, so events of one topic arrive in the order they were offered, and lanes of different
 * topics proceed independently. A lane batches only while its previous send is in flight, so an
 * idle link adds no delay and a busy one sends fewer, larger requests. A full lane drops the new
 * event ({@link #offer} returns false): the publisher and the other links never wait.
 *
 * <p>Nothing stale is sent: an event is stamped when queued, and when its lane gets to it, an
 * event older than {@code requestTimeout} is dropped and reported to {@code expired} instead of
 * being sent; each batch carries the deadline of its oldest event ({@link Batch#deadlineNanos}),
 * which {@code send} must not exceed.
 *
 * <p>{@code send} must not fail: it deals with its own errors (count, log, give up).
 */
public final class BatchLink {

  /** An event and when it was queued ({@link System#nanoTime()}). */
  private record Queued(Event event, long atNanos) {}

  private final List<BoundedSourceQueue<Queued>> lanes;
  private final CompletionStage<Done> finished;
  private final long timeoutNanos;
  private final Function<Batch, CompletionStage<Done>> send;
  private final IntConsumer expired;
  private final ByteBudget budget;

  /**
   * @param send sends one batch; its stage completes when the lane may send the next one
   * @param expired called with the number of events dropped for being older than the timeout
   * @param budget the node's bound on bytes queued over all links ({@code rtd.dispatcher.max-queued-bytes}):
   *     an event is held only while its bytes are taken from it, until its batch has been sent
   */
  public BatchLink(ActorSystem<?> system, LinkSettings settings, Function<Batch, CompletionStage<Done>> send,
      IntConsumer expired, ByteBudget budget) {
    this.timeoutNanos = settings.requestTimeout().toNanos();
    this.send = send;
    this.expired = expired;
    this.budget = budget;
    int count = settings.parallelism();
    int laneSize = Math.max(1, settings.queueSize() / count);
    List<BoundedSourceQueue<Queued>> queues = new ArrayList<>(count);
    CompletableFuture<?>[] done = new CompletableFuture<?>[count];
    for (int i = 0; i < count; i++) {
      Pair<BoundedSourceQueue<Queued>, CompletionStage<Done>> lane = Source.<Queued>queue(laneSize)
          .batchWeighted(settings.maxBatchBytes(), BatchLink::wireBytes, BatchLink::newBatch, BatchLink::addToBatch)
          .mapAsync(1, this::sendFresh)
          .toMat(Sink.ignore(), Keep.both())
          .run(system);
      queues.add(lane.first());
      done[i] = lane.second().toCompletableFuture();
    }
    this.lanes = List.copyOf(queues);
    this.finished = CompletableFuture.allOf(done).thenApply(all -> Done.getInstance());
  }

  /**
   * Queues the event; false if its lane is full, the node's queued bytes are at their bound, or the
   * link is closed (the event is dropped).
   */
  public boolean offer(Event event) {
    long bytes = event.wireBytes();
    if (!budget.tryTake(bytes)) {
      return false;
    }
    Queued queued = new Queued(event, System.nanoTime());
    if (lanes.get(Math.floorMod(event.topic().hashCode(), lanes.size())).offer(queued) != QueueOfferResult.enqueued()) {
      budget.give(bytes);
      return false;
    }
    return true;
  }

  /**
   * Sends what is queued (and not expired), then stops.
   *
   * @return completes once every lane has sent its last batch
   */
  public CompletionStage<Done> close() {
    lanes.forEach(Queues::complete);
    return finished;
  }

  /** Sends the batch, then gives its bytes back to the budget. */
  private CompletionStage<Done> sendFresh(List<Queued> queued) {
    long bytes = 0;
    for (Queued q : queued) {
      bytes += q.event().wireBytes();
    }
    long held = bytes;
    return dropExpiredAndSend(queued).whenComplete((done, failure) -> budget.give(held));
  }

  /** Drops the expired head of the batch (events are in queue order) and sends the rest. */
  private CompletionStage<Done> dropExpiredAndSend(List<Queued> queued) {
    long now = System.nanoTime();
    int fresh = 0;
    while (fresh < queued.size() && now - queued.get(fresh).atNanos() >= timeoutNanos) {
      fresh++;
    }
    if (fresh > 0) {
      expired.accept(fresh);
    }
    if (fresh == queued.size()) {
      return CompletableFuture.completedFuture(Done.getInstance());
    }
    List<Event> events = new ArrayList<>(queued.size() - fresh);
    for (int i = fresh; i < queued.size(); i++) {
      events.add(queued.get(i).event());
    }
    return sendSafely(new Batch(events, queued.get(fresh).atNanos() + timeoutNanos));
  }

  /** A lane must outlive any failure of {@code send}, thrown or returned. */
  private CompletionStage<Done> sendSafely(Batch batch) {
    try {
      return send.apply(batch).exceptionally(e -> Done.getInstance());
    } catch (RuntimeException e) {
      return CompletableFuture.completedFuture(Done.getInstance());
    }
  }

  /** What the event adds to a request body (see {@link io.rtdispatch.common.event.EventBatch}). */
  private static long wireBytes(Queued queued) {
    return queued.event().wireBytes();
  }

  private static List<Queued> newBatch(Queued first) {
    List<Queued> batch = new ArrayList<>();
    batch.add(first);
    return batch;
  }

  private static List<Queued> addToBatch(List<Queued> batch, Queued queued) {
    batch.add(queued);
    return batch;
  }
}
