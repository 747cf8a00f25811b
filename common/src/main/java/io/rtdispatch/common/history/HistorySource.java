package io.rtdispatch.common.history;

import io.rtdispatch.common.event.Event;
import java.util.List;
import java.util.Set;

/**
 * A dispatcher's recent history, as a frontend recovering a reconnecting client asks it
 * (issue 10, docs/architecture.md "Recovery"): over {@code GET /internal/history} between
 * processes, by a direct call when both roles run in one JVM ({@link HistorySources}).
 *
 * <p>Implementations never block for long and are safe to call from any thread.
 */
public interface HistorySource {

  /** The internal port's path: {@code GET /internal/history?after=<id>&topic=<topic>&…}. */
  String PATH = "/internal/history";
  /** Answer header: whether the id was found ({@code true|false}). */
  String FOUND = "Rtd-History-Found";
  /** Answer header: the topics answered gap-free, comma separated (topics hold no comma). */
  String COMPLETE = "Rtd-History-Complete";

  /**
   * What one dispatcher holds of {@code topics} after the event {@code lastEventId}.
   *
   * @param found whether the id is in this dispatcher's history of one of the topics
   * @param complete the topics whose history here holds every event this dispatcher routed after
   *     the id (gap-free back to it); the others may miss some
   * @param events the retained events of the topics after the id, oldest first
   */
  record Answer(boolean found, Set<String> complete, List<Event> events) {

    /** An answer that proves nothing: no events, nothing complete. */
    public static final Answer NONE = new Answer(false, Set.of(), List.of());
  }

  /** @param topics valid topics; @param lastEventId a valid event id (see {@link Event#idProblem}) */
  Answer after(List<String> topics, String lastEventId);
}
