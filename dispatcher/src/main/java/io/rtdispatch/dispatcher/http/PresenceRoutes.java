package io.rtdispatch.dispatcher.http;

import akka.http.javadsl.model.HttpResponse;
import akka.http.javadsl.model.StatusCodes;
import akka.http.javadsl.server.PathMatchers;
import akka.http.javadsl.server.Route;
import io.rtdispatch.common.event.Validation;
import io.rtdispatch.common.http.HttpSupport;
import io.rtdispatch.common.presence.PresenceQuery;
import io.rtdispatch.common.problem.Problem;
import io.rtdispatch.dispatcher.presence.PresenceCounter;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Viewer counts over HTTP (issue 11). Public: {@code GET /presence?topic=<topic>} → 200
 * {@code {"topic","subscribers","dataCenters":{"<dc>":n,…},"unreachable":["<dc>",…]}}, the open
 * connections subscribed to the topic in every data center, at most {@code cache-ttl} plus one
 * round of asking old; 400 for a missing or invalid topic. A peer data center that did not answer
 * is left out of {@code dataCenters} and listed in {@code unreachable} (the request still succeeds).
 * Internal, for peer data centers' dispatchers: {@code POST /internal/presence}, a
 * {@link PresenceQuery} answered with this data center's counts, behind the peer token.
 */
final class PresenceRoutes extends HttpSupport {

  private final PresenceCounter counter;
  private final String peerToken;

  PresenceRoutes(PresenceCounter counter, String peerToken) {
    this.counter = counter;
    this.peerToken = peerToken;
  }

  Route route() {
    return path("presence", () -> get(() -> parameterOptional("topic", topic -> {
      Optional<Problem> problem = Validation.topicProblem(topic.orElse(null));
      if (problem.isPresent()) {
        return complete(error(Problem.invalid(problem.get().message() + " (GET /presence?topic=<topic>)")));
      }
      return completeWithFuture(counter.global(topic.get()).thenApply(PresenceRoutes::answer)
          .exceptionally(e -> error(TOO_BUSY_TO_COUNT)));
    })));
  }

  Route internalRoute() {
    return path(PathMatchers.segment("internal").slash("presence"), () -> post(() ->
        bearerToken(peerToken, "peer data centers", () ->
            presenceCounts(counter::local))));
  }

  private static HttpResponse answer(PresenceCounter.Global count) {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("topic", count.topic());
    body.put("subscribers", count.subscribers());
    body.put("dataCenters", count.dataCenters());
    body.put("unreachable", count.unreachable());
    return json(StatusCodes.OK, body);
  }
}
