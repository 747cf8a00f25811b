package io.rtdispatch.common.http;

import akka.http.javadsl.model.HttpResponse;
import akka.http.javadsl.model.StatusCodes;
import akka.util.ByteString;
import io.rtdispatch.common.event.Event;
import io.rtdispatch.common.event.EventBatch;
import io.rtdispatch.common.flow.PendingLimit;
import io.rtdispatch.common.problem.ProblemException;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.IntConsumer;

/**
 * The one intake for an internal batch of events, whichever node sent it: a dispatcher's
 * {@code POST /internal/deliver} to a frontend, a peer data center's
 * {@code POST /internal/peer-publish} to a dispatcher, or an in-process hand-over.
 *
 * <p>It decodes and checks the batch ({@link EventBatch#decode}), takes one permit per event from
 * the receiver's {@link PendingLimit} and hands the events on. The answers follow the contract:
 * 204 (taken, or an empty batch), 400 {@code {"error"}} for a malformed batch, 429
 * {@code {"error"}} with {@code Retry-After} when more events than the limit are waiting. Nothing
 * is handed on unless the whole batch is valid and admitted. Thread-safe; holds no state of its own.
 */
public final class EventBatchIntake {

  private final PendingLimit pending;
  private final IntConsumer onRefused;

  /**
   * @param pending the receiver's limit; whoever processes the handed-on events releases their
   *     permits ({@link PendingLimit#release})
   * @param onRefused called with the number of events of a batch refused by the limit (metrics)
   */
  public EventBatchIntake(PendingLimit pending, IntConsumer onRefused) {
    this.pending = pending;
    this.onRefused = onRefused;
  }

  public EventBatchIntake(PendingLimit pending) {
    this(pending, refused -> {});
  }

  /**
   * Takes an HTTP request body ({@value EventBatch#MEDIA_TYPE}).
   *
   * @param handOff receives the decoded events (in wire order) after their permits were taken;
   *     called on the caller's thread, must not block or throw
   * @return the response to send: 204, or the JSON error of an invalid batch (400) or of the full
   *     pending limit (429 with {@code Retry-After})
   */
  public HttpResponse take(ByteString body, Consumer<List<Event>> handOff) {
    List<Event> events;
    try {
      events = EventBatch.decode(body);
    } catch (ProblemException e) {
      return HttpSupport.error(e.problem());
    }
    if (!admit(events, handOff)) {
      return HttpSupport.error(pending.overloaded());
    }
    return HttpResponse.create().withStatus(StatusCodes.NO_CONTENT);
  }

  /**
   * Takes already decoded events (the in-process path, see
   * {@link io.rtdispatch.common.delivery.FrontendIntake}).
   *
   * @return false if the pending limit refused the whole batch (nothing was handed on)
   */
  public boolean admit(List<Event> events, Consumer<List<Event>> handOff) {
    if (events.isEmpty()) {
      return true;
    }
    if (!pending.tryAcquire(events.size(), Event.wireBytes(events))) {
      onRefused.accept(events.size());
      return false;
    }
    handOff.accept(events);
    return true;
  }
}
