package io.rtdispatch.dispatcher.fanout;

import akka.Done;
import akka.actor.typed.ActorSystem;
import akka.stream.BoundedSourceQueue;
import akka.stream.QueueOfferResult;
import akka.stream.javadsl.Sink;
import akka.stream.javadsl.Source;
import io.rtdispatch.common.event.Event;
import io.rtdispatch.common.flow.Queues;
import io.rtdispatch.dispatcher.DispatcherSettings.LinkSettings;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Function;

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
 * <p>{@code send} must not fail: it deals with its own errors (count, log, give up).
 */
public final class BatchLink {

  private final List<BoundedSourceQueue<Event>> lanes;

  public BatchLink(ActorSystem<?> system, LinkSettings settings, Function<List<Event>, CompletionStage<Done>> send) {
    int count = settings.parallelism();
    int laneSize = Math.max(1, settings.queueSize() / count);
    List<BoundedSourceQueue<Event>> queues = new ArrayList<>(count);
    for (int i = 0; i < count; i++) {
      queues.add(Source.<Event>queue(laneSize)
          .batchWeighted(settings.maxBatchBytes(), event -> (long) event.envelope().length() + 1,
              BatchLink::newBatch, BatchLink::addToBatch)
          .mapAsync(1, batch -> sendSafely(send, batch))
          .to(Sink.ignore())
          .run(system));
    }
    this.lanes = List.copyOf(queues);
  }

  /** Queues the event; false if its lane is full or the link is closed (the event is dropped). */
  public boolean offer(Event event) {
    return lanes.get(Math.floorMod(event.topic().hashCode(), lanes.size())).offer(event) == QueueOfferResult.enqueued();
  }

  /** Sends what is queued, then stops. */
  public void close() {
    lanes.forEach(Queues::complete);
  }

  /** A lane must outlive any failure of {@code send}, thrown or returned. */
  private static CompletionStage<Done> sendSafely(Function<List<Event>, CompletionStage<Done>> send, List<Event> batch) {
    try {
      return send.apply(batch).exceptionally(e -> Done.getInstance());
    } catch (RuntimeException e) {
      return CompletableFuture.completedFuture(Done.getInstance());
    }
  }

  private static List<Event> newBatch(Event first) {
    List<Event> batch = new ArrayList<>();
    batch.add(first);
    return batch;
  }

  private static List<Event> addToBatch(List<Event> batch, Event event) {
    batch.add(event);
    return batch;
  }
}
