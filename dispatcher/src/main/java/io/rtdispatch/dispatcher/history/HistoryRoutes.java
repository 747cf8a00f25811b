package io.rtdispatch.dispatcher.history;

import akka.http.javadsl.model.ContentTypes;
import akka.http.javadsl.model.HttpEntities;
import akka.http.javadsl.model.HttpResponse;
import akka.http.javadsl.model.StatusCodes;
import akka.http.javadsl.model.headers.RawHeader;
import akka.http.javadsl.server.PathMatchers;
import akka.http.javadsl.server.Route;
import io.rtdispatch.common.event.Event;
import io.rtdispatch.common.event.EventBatch;
import io.rtdispatch.common.event.Validation;
import io.rtdispatch.common.history.HistorySource;
import io.rtdispatch.common.http.HttpSupport;
import io.rtdispatch.common.problem.Problem;
import java.util.List;
import java.util.Optional;
import java.util.TreeSet;

/**
 * {@code GET /internal/history?after=<event id>&topic=<topic>&topic=…} on the internal port,
 * behind the internal token: this dispatcher's {@link HistorySource.Answer} for a frontend
 * recovering a reconnecting client. 200 with the events as an event batch
 * ({@code application/x-rtd-events}, oldest first) and two headers:
 * {@value HistorySource#FOUND} ({@code true|false}) and {@value HistorySource#COMPLETE} (the
 * gap-free topics, comma separated, possibly empty). 400 JSON for a missing or invalid id or topic, or more than {@value #MAX_TOPICS} topics.
 */
public final class HistoryRoutes extends HttpSupport {

  /** Most topics one request names (a connection's topics; the frontend's per-connection limit is lower). */
  public static final int MAX_TOPICS = 1000;

  private final HistorySource history;
  private final String internalToken;

  public HistoryRoutes(HistorySource history, String internalToken) {
    this.history = history;
    this.internalToken = internalToken;
  }

  public Route route() {
    return path(PathMatchers.segment("internal").slash("history"), () -> get(() ->
        bearerToken(internalToken, "internal endpoints", () ->
            parameterOptional("after", after -> parameterList("topic", topics -> answer(after, topics))))));
  }

  private Route answer(Optional<String> after, List<String> topics) {
    Optional<Problem> problem = after.isEmpty() ? Optional.of(Problem.invalid("the query needs after=<event id>"))
        : Event.idProblem(after.get());
    if (problem.isEmpty() && (topics.isEmpty() || topics.size() > MAX_TOPICS)) {
      problem = Optional.of(Problem.invalid("the query needs 1-" + MAX_TOPICS + " topic=<topic> parameters"));
    }
    for (int i = 0; problem.isEmpty() && i < topics.size(); i++) {
      problem = Validation.topicProblem(topics.get(i));
    }
    if (problem.isPresent()) {
      return complete(error(problem.get()));
    }
    HistorySource.Answer answer = history.after(topics, after.get());
    return complete(HttpResponse.create().withStatus(StatusCodes.OK)
        .addHeader(RawHeader.create(HistorySource.FOUND, Boolean.toString(answer.found())))
        .addHeader(RawHeader.create(HistorySource.COMPLETE, String.join(",", new TreeSet<>(answer.complete()))))
        .withEntity(HttpEntities.create(ContentTypes.create(EVENT_BATCH), EventBatch.encode(answer.events()))));
  }
}
