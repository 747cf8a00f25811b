package io.rtdispatch.frontend.history;

import akka.actor.typed.ActorSystem;
import akka.cluster.Member;
import akka.cluster.MemberStatus;
import akka.cluster.typed.Cluster;
import akka.http.javadsl.Http;
import akka.http.javadsl.model.HttpRequest;
import akka.http.javadsl.model.HttpResponse;
import akka.http.javadsl.model.Query;
import akka.http.javadsl.model.StatusCodes;
import akka.http.javadsl.model.Uri;
import akka.http.javadsl.model.headers.Authorization;
import akka.japi.Pair;
import akka.stream.Materializer;
import io.rtdispatch.common.event.EventBatch;
import io.rtdispatch.common.history.HistorySource;
import io.rtdispatch.common.history.HistorySources;
import io.rtdispatch.common.logging.RepeatedWarnings;
import io.rtdispatch.common.registry.Binding;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Asks every dispatcher of this data center for its history of some topics after a last event
 * id, for a reconnecting client this node's own {@link History} cannot prove recovered (issue 10,
 * docs/architecture.md "Recovery"). The dispatchers are the Up members of the cluster with the
 * dispatcher role; one in this actor system is called directly, the others get
 * {@code GET /internal/history} with the internal token at the URL their registry views told this
 * node ({@link HistorySources}).
 *
 * <p>{@link #fetch} always completes within {@code rtd.frontend.history.fetch-timeout}, with the
 * answers that came by then: a dispatcher that fails, times out or answers malformed is simply
 * missing (then the recovery is not complete), never an error for the client.
 */
public final class DispatcherHistories {

  private static final Logger LOG = LoggerFactory.getLogger(DispatcherHistories.class);

  /** How many dispatchers were asked, and the answers that came in time. */
  public record Fetched(int asked, List<HistorySource.Answer> answers) {
    public static final Fetched NONE = new Fetched(0, List.of());

    /** True if at least one dispatcher was asked and every one answered. */
    public boolean allAnswered() {
      return asked > 0 && answers.size() == asked;
    }
  }

  private final ActorSystem<?> system;
  private final Duration timeout;
  private final String internalToken;
  private final long maxAnswerBytes;

  /**
   * @param timeout {@code rtd.frontend.history.fetch-timeout}; zero turns fetching off
   * @param internalToken bearer token of the dispatchers' internal port, or ""
   * @param maxAnswerBytes largest answer taken from one dispatcher (a larger one counts as missing)
   */
  public DispatcherHistories(ActorSystem<?> system, Duration timeout, String internalToken, long maxAnswerBytes) {
    this.system = system;
    this.timeout = timeout;
    this.internalToken = internalToken;
    this.maxAnswerBytes = maxAnswerBytes;
  }

  /** Never asks any dispatcher (for tests of a lone frontend). */
  public static DispatcherHistories off() {
    return new DispatcherHistories(null, Duration.ZERO, "", 0);
  }

  public boolean enabled() {
    return !timeout.isZero();
  }

  /**
   * The dispatchers' answers for {@code topics} after {@code lastEventId}; completes within the
   * timeout. Every Up dispatcher of the cluster counts as asked: one whose URL this node has not
   * learnt yet (its view has acknowledged nothing to this node) is missing, so the recovery is not
   * complete rather than silently short of that dispatcher's events.
   */
  public CompletionStage<Fetched> fetch(Collection<String> topics, String lastEventId) {
    if (!enabled()) {
      return CompletableFuture.completedFuture(Fetched.NONE);
    }
    long deadline = System.nanoTime() + timeout.toNanos();
    List<String> asked = List.copyOf(topics);
    HistorySources sources = HistorySources.get(system);
    List<CompletableFuture<HistorySource.Answer>> answers = new ArrayList<>();
    int unknown = 0;
    for (String nodeId : upDispatcherIds()) {
      var local = sources.lookup(nodeId);
      var url = sources.url(nodeId);
      if (local.isPresent()) {
        answers.add(CompletableFuture.completedFuture(local.get().after(asked, lastEventId)));
      } else if (url.isPresent()) {
        long left = Math.max(1, deadline - System.nanoTime());
        answers.add(ask(url.get(), asked, lastEventId, left).toCompletableFuture()
            .exceptionally(e -> null).completeOnTimeout(null, left, TimeUnit.NANOSECONDS));
      } else {
        unknown++;
      }
    }
    int missingUrls = unknown;
    return CompletableFuture.allOf(answers.toArray(CompletableFuture[]::new)).thenApply(all -> {
      List<HistorySource.Answer> came = answers.stream().map(CompletableFuture::join).filter(a -> a != null).toList();
      if (missingUrls > 0) {
        RepeatedWarnings.get(system).warn(LOG, "history-url-unknown", "{} of {} Up dispatchers have not told this "
            + "frontend where their history is yet (their registry views acknowledged nothing to it): a reconnect "
            + "is told recovered=false", missingUrls, answers.size() + missingUrls);
      }
      if (came.size() < answers.size()) {
        RepeatedWarnings.get(system).warn(LOG, "history-fetch-missing", "{} of {} dispatchers gave no history within "
            + "rtd.frontend.history.fetch-timeout ({}): a reconnect is told recovered=false", answers.size()
            - came.size(), answers.size(), timeout);
      }
      return new Fetched(answers.size() + missingUrls, came);
    });
  }

  /** Node ids of the cluster's Up dispatchers. */
  private Set<String> upDispatcherIds() {
    Set<String> ids = new HashSet<>();
    for (Member member : Cluster.get(system).state().getMembers()) {
      if (member.hasRole("dispatcher") && member.status() == MemberStatus.up()) {
        ids.add(Binding.nodeId(member.uniqueAddress()));
      }
    }
    return ids;
  }

  private CompletionStage<HistorySource.Answer> ask(String baseUrl, List<String> topics, String lastEventId,
      long leftNanos) {
    List<Pair<String, String>> query = new ArrayList<>();
    query.add(Pair.create("after", lastEventId));
    topics.forEach(topic -> query.add(Pair.create("topic", topic)));
    HttpRequest request = HttpRequest.GET(Uri.create(baseUrl + HistorySource.PATH)
        .query(Query.create(query)).toString());
    if (!internalToken.isEmpty()) {
      request = request.addHeader(Authorization.oauth2(internalToken));
    }
    return Http.get(system).singleRequest(request).thenCompose(response -> read(response, leftNanos))
        .whenComplete((answer, failure) -> {
          if (failure != null) {
            RepeatedWarnings.get(system).warn(LOG, "history-fetch", "A dispatcher's history could not be read "
                + "({}): reconnecting clients are told recovered=false", failure.getClass().getSimpleName());
          }
        });
  }

  private CompletionStage<HistorySource.Answer> read(HttpResponse response, long leftNanos) {
    if (response.status() != StatusCodes.OK) {
      response.discardEntityBytes(system);
      return CompletableFuture.failedFuture(new IllegalStateException("status " + response.status().intValue()));
    }
    boolean found = response.getHeader(HistorySource.FOUND).map(h -> "true".equals(h.value())).orElse(false);
    String complete = response.getHeader(HistorySource.COMPLETE).map(h -> h.value()).orElse("");
    Set<String> completeTopics = complete.isEmpty() ? Set.of() : Set.of(complete.split(","));
    return response.entity().toStrict(Math.max(1, TimeUnit.NANOSECONDS.toMillis(leftNanos)), maxAnswerBytes,
        Materializer.matFromSystem(system)).thenApply(strict -> {
          try {
            return new HistorySource.Answer(found, completeTopics, EventBatch.decode(strict.getData()));
          } catch (Exception e) {
            throw new IllegalStateException("malformed history answer", e);
          }
        });
  }
}
