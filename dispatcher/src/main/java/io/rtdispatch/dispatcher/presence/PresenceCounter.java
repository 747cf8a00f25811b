package io.rtdispatch.dispatcher.presence;

import akka.actor.typed.ActorRef;
import akka.actor.typed.ActorSystem;
import akka.actor.typed.javadsl.AskPattern;
import io.rtdispatch.common.logging.RepeatedWarnings;
import io.rtdispatch.common.presence.PresenceQuery;
import io.rtdispatch.common.event.TopicPatterns;
import io.rtdispatch.dispatcher.DispatcherContext;
import io.rtdispatch.dispatcher.fanout.Router;
import io.rtdispatch.dispatcher.peers.PeerSettings;
import io.rtdispatch.dispatcher.registry.RegistryView;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Counts the open connections subscribed to topics (issue 11, "viewer counts computed by the
 * system"). A data center's count asks every frontend the router may send to now for its local
 * counts, in parallel; the global count adds each peer data center's count, asked from one of its
 * dispatchers. So one count costs one request per frontend and per peer data center, whatever the
 * number of viewers, and the frontends' tables are the truth: a closed or vanished connection
 * stops counting the moment its frontend notices, with no registry round trip in between.
 *
 * <p>A frontend or peer that fails or does not answer within {@code request-timeout} is left out:
 * a frontend's viewers are then missing from the count, a peer data center is listed as
 * unreachable. Global counts for {@code GET /presence} are cached per topic for {@code cache-ttl}.
 * Thread-safe.
 */
public final class PresenceCounter {

  private static final Logger log = LoggerFactory.getLogger(PresenceCounter.class);

  /**
   * A topic's count.
   *
   * @param dataCenters count per data center that answered, this one first
   * @param unreachable peer data centers that did not answer
   */
  public record Global(String topic, int subscribers, Map<String, Integer> dataCenters, List<String> unreachable) {}

  private record Cached(long at, CompletableFuture<Global> count) {}

  private final ActorSystem<?> system;
  private final ActorRef<Router.Command> router;
  private final String dataCenter;
  private final PresenceSettings settings;
  private final PeerSettings peers;
  private final String internalToken;
  private final CountClient client;
  private final RepeatedWarnings warnings;
  private final Map<String, Cached> cache = new ConcurrentHashMap<>();
  private final Map<String, Integer> failingFrontends = new ConcurrentHashMap<>();

  /**
   * @param context gives this data center, the presence and peer settings, the connect timeout and
   *     the internal token (for the frontends' {@code /internal/subscribers}, or "")
   * @param router knows which frontends to ask
   */
  public PresenceCounter(DispatcherContext context, ActorRef<Router.Command> router) {
    ActorSystem<?> system = context.system();
    this.system = system;
    this.router = router;
    this.dataCenter = context.dataCenter();
    this.settings = context.settings().presence();
    this.peers = context.settings().peers();
    this.internalToken = context.internalToken();
    this.client = new CountClient(context.settings().connectTimeout(), settings.requestTimeout());
    this.warnings = RepeatedWarnings.get(system);
  }

  /** The settings this counter was made with. */
  public PresenceSettings settings() {
    return settings;
  }

  /** The count of {@code topic} across every data center, at most {@code cache-ttl} old plus the asking. */
  public CompletionStage<Global> global(String topic) {
    long now = System.nanoTime();
    Cached cached = cache.get(topic);
    if (cached != null && now - cached.at() < settings.cacheTtl().toNanos()) {
      return cached.count();
    }
    if (cache.size() >= settings.maxCachedTopics()) {
      cache.values().removeIf(c -> now - c.at() >= settings.cacheTtl().toNanos());
      if (cache.size() >= settings.maxCachedTopics()) {
        cache.clear();
      }
    }
    CompletableFuture<Global> count = new CompletableFuture<>();
    cache.put(topic, new Cached(now, count));
    List<String> topics = List.of(topic);
    CompletionStage<Map<String, Integer>> local = local(new PresenceQuery(topics, TopicPatterns.NONE));
    CompletionStage<Map<String, Map<String, Integer>>> remote = peers(topics);
    local.thenCombine(remote, (here, there) -> {
      Map<String, Integer> byDc = new TreeMap<>();
      byDc.put(dataCenter, here.getOrDefault(topic, 0));
      List<String> unreachable = new ArrayList<>();
      peers.peers().keySet().forEach(dc -> {
        Map<String, Integer> counts = there.get(dc);
        if (counts == null) {
          unreachable.add(dc);
        } else {
          byDc.put(dc, counts.getOrDefault(topic, 0));
        }
      });
      int total = byDc.values().stream().mapToInt(Integer::intValue).sum();
      return new Global(topic, total, byDc, unreachable);
    }).whenComplete((result, failure) -> {
      if (failure != null) {
        cache.remove(topic);
        count.completeExceptionally(failure);
      } else {
        count.complete(result);
      }
    });
    return count;
  }

  /**
   * This data center's counts of {@code query}: every routable frontend's local counts, summed.
   * Frontends that fail are left out (warned about once per kind).
   */
  public CompletionStage<Map<String, Integer>> local(PresenceQuery query) {
    CompletionStage<Router.Routes> routable = AskPattern.ask(router, Router.ListFrontends::new,
        settings.requestTimeout(), system.scheduler());
    return routable.thenCompose(routes -> {
      CompletableFuture<Map<String, Integer>> sum = CompletableFuture.completedFuture(new HashMap<>());
      for (RegistryView.FrontendEndpoint frontend : routes.frontends()) {
        String url = frontend.baseUrl();
        CompletableFuture<Map<String, Integer>> one = client.count(url, "/internal/subscribers", query,
            internalToken).toCompletableFuture().handle((counts, failure) -> {
              if (failure == null) {
                failingFrontends.remove(url);
                return counts;
              }
              // A node's very first request often outlasts request-timeout (cold JVM, new connection):
              // warn only when a frontend fails twice in a row.
              if (failingFrontends.merge(url, 1, Integer::sum) >= 2) {
                warnings.warn(log, "presence-frontend", "A frontend did not give its subscriber counts, its viewers "
                    + "are left out of presence counts: {}", failure.toString());
              }
              return Map.of();
            });
        sum = sum.thenCombine(one, (total, counts) -> {
          counts.forEach((topic, n) -> total.merge(topic, n, Integer::sum));
          return total;
        });
      }
      return sum;
    });
  }

  /**
   * Every peer data center's counts of {@code topics}, asked from its dispatchers in the
   * configured order until one answers; a peer none of whose dispatchers answered is absent.
   */
  public CompletionStage<Map<String, Map<String, Integer>>> peers(List<String> topics) {
    PresenceQuery query = new PresenceQuery(topics, TopicPatterns.NONE);
    CompletableFuture<Map<String, Map<String, Integer>>> all = CompletableFuture.completedFuture(new HashMap<>());
    for (Map.Entry<String, List<String>> peer : peers.peers().entrySet()) {
      CompletableFuture<Map<String, Integer>> one = askPeer(peer.getKey(), peer.getValue(), 0, query)
          .toCompletableFuture().exceptionally(failure -> {
            warnings.warn(log, "presence-peer-" + peer.getKey(), "Peer data center {} did not give its subscriber "
                + "counts; presence counts report it as unreachable: {}", peer.getKey(), failure.toString());
            return null;
          });
      all = all.thenCombine(one, (result, counts) -> {
        if (counts != null) {
          result.put(peer.getKey(), counts);
        }
        return result;
      });
    }
    return all;
  }

  private CompletionStage<Map<String, Integer>> askPeer(String peer, List<String> urls, int index,
      PresenceQuery query) {
    return client.count(urls.get(index), "/internal/presence", query, peers.token()).handle((counts, failure) -> {
      if (failure == null) {
        return CompletableFuture.completedFuture(counts);
      }
      if (index + 1 < urls.size()) {
        return askPeer(peer, urls, index + 1, query);
      }
      return CompletableFuture.<Map<String, Integer>>failedFuture(failure);
    }).thenCompose(next -> next);
  }
}
