package io.rtdispatch.dispatcher.link;

import akka.Done;
import akka.actor.Cancellable;
import akka.actor.typed.ActorSystem;
import akka.http.javadsl.Http;
import akka.http.javadsl.OutgoingConnectionBuilder;
import akka.http.javadsl.model.ContentType;
import akka.http.javadsl.model.HttpEntity;
import akka.http.javadsl.model.HttpHeader;
import akka.http.javadsl.model.HttpRequest;
import akka.http.javadsl.model.HttpResponse;
import akka.http.javadsl.model.headers.RawHeader;
import akka.http.javadsl.settings.ClientConnectionSettings;
import akka.japi.Pair;
import akka.stream.BoundedSourceQueue;
import akka.stream.KillSwitches;
import akka.stream.Materializer;
import akka.stream.QueueOfferResult;
import akka.stream.UniqueKillSwitch;
import akka.stream.javadsl.Keep;
import akka.stream.javadsl.Sink;
import akka.stream.javadsl.Source;
import io.rtdispatch.common.event.EventBatch;
import io.rtdispatch.common.http.HttpSupport;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.TimeUnit;

/**
 * The HTTP/1.1 connections of one link to one node ({@code http(s)://host:port}): each POST of an
 * event batch takes an idle keep-alive connection or opens one, and gives it back after the
 * answer. A link has at most {@code parallelism} requests in flight, so it never holds more
 * connections than that. Created with its link and {@link #close closed} with it, so nothing of
 * it outlives the node incarnation it was made for.
 *
 * <p>Why not Akka HTTP's host connection pool (measured, see docs/architecture.md): a pool
 * shared per host:port backs off reconnecting after failures (up to minutes) and keeps requests
 * it has accepted queued until it can send them, after the caller gave up on them; so a frontend
 * restarted on the same address got nothing for tens of seconds, then events long counted as
 * dropped. Here a request is bounded by its batch's deadline, from the connection attempt to the
 * end of the answer, and a request that misses it is aborted together with its connection, so it
 * can never be sent later; the next request simply opens a new connection (no back-off).
 */
public final class HttpConnections {

  private final ActorSystem<?> system;
  private final Materializer materializer;
  private final ClientConnectionSettings settings;
  private final String host;
  private final int port;
  private final boolean https;
  private final String pathPrefix;
  private final String invalid;
  private final ContentType contentType = HttpSupport.EVENT_BATCH.toContentType();
  private final ConcurrentLinkedDeque<Connection> idle = new ConcurrentLinkedDeque<>();
  private volatile boolean closed;

  /**
   * @param baseUrl {@code http://host:port} (or https, optionally with a path that prefixes every
   *     request's path) of the node; if it is not one, every
   *     {@link #post} fails saying so (a bad advertised URL must not break the router)
   */
  public HttpConnections(ActorSystem<?> system, String baseUrl, Duration connectTimeout) {
    URI uri = parse(baseUrl);
    this.system = system;
    this.materializer = Materializer.matFromSystem(system);
    this.settings = ClientConnectionSettings.create(system.classicSystem()).withConnectingTimeout(
        scala.concurrent.duration.FiniteDuration.create(connectTimeout.toMillis(), TimeUnit.MILLISECONDS));
    this.https = uri != null && "https".equals(uri.getScheme());
    this.host = uri == null ? null : uri.getHost();
    this.port = uri == null ? 0 : uri.getPort() >= 0 ? uri.getPort() : https ? 443 : 80;
    String path = uri == null || uri.getRawPath() == null ? "" : uri.getRawPath();
    this.pathPrefix = path.endsWith("/") ? path.substring(0, path.length() - 1) : path;
    this.invalid = uri == null ? "'" + baseUrl + "' is not an http(s)://host:port URL" : null;
  }

  private static URI parse(String baseUrl) {
    try {
      URI uri = new URI(baseUrl);
      boolean web = "http".equals(uri.getScheme()) || "https".equals(uri.getScheme());
      return web && uri.getHost() != null ? uri : null;
    } catch (java.net.URISyntaxException e) {
      return null;
    }
  }

  /**
   * POSTs {@code batch} ({@value EventBatch#MEDIA_TYPE}) to {@code path} within its deadline.
   *
   * @param headers header name/value pairs (authorization, origin)
   * @return the node's answer; fails with {@link LinkFailure} when nothing could be sent or no
   *     complete answer came by the deadline
   */
  public CompletionStage<Reply> post(String path, Batch batch, String... headers) {
    long remaining = batch.remainingNanos();
    if (closed || remaining <= 0 || invalid != null) {
      return CompletableFuture.failedFuture(new LinkFailure(invalid != null ? invalid : closed ? "the link is closed"
          : "the batch's deadline passed before it could be sent", false));
    }
    List<HttpHeader> list = new ArrayList<>(headers.length / 2);
    for (int i = 0; i + 1 < headers.length; i += 2) {
      list.add(RawHeader.create(headers[i], headers[i + 1]));
    }
    HttpRequest request = HttpRequest.POST(pathPrefix + path).addHeaders(list)
        .withEntity(contentType, EventBatch.encode(batch.events()));
    Connection connection = idleConnection();
    return connection.exchange(request, remaining);
  }

  /** Aborts idle connections; those in use are aborted when their request ends. */
  public void close() {
    closed = true;
    Connection c;
    while ((c = idle.poll()) != null) {
      c.abort();
    }
  }

  private Connection idleConnection() {
    Connection c;
    while ((c = idle.pollLast()) != null) {
      if (!c.ended) {
        return c;
      }
    }
    return new Connection();
  }

  private OutgoingConnectionBuilder connectionTo() {
    return Http.get(system).connectionTo(host).toPort(port).withClientConnectionSettings(settings);
  }

  /** One TCP connection carrying one request at a time. */
  private final class Connection {
    private final BoundedSourceQueue<HttpRequest> requests;
    private final UniqueKillSwitch killSwitch;
    private volatile CompletableFuture<HttpResponse> response;
    private volatile boolean connected;
    private volatile boolean ended;

    Connection() {
      Pair<Pair<BoundedSourceQueue<HttpRequest>, UniqueKillSwitch>, CompletionStage<Done>> running =
          Source.<HttpRequest>queue(1)
              .viaMat(KillSwitches.single(), Keep.both())
              .viaMat(https ? connectionTo().https() : connectionTo().http(),
                  (left, connection) -> {
                    connection.thenRun(() -> connected = true);
                    return left;
                  })
              .toMat(Sink.foreach(r -> response.complete(r)), Keep.both())
              .run(materializer);
      this.requests = running.first().first();
      this.killSwitch = running.first().second();
      running.second().whenComplete((done, failure) -> {
        ended = true;
        CompletableFuture<HttpResponse> current = response;
        if (current != null) {
          current.completeExceptionally(new LinkFailure("the connection ended: "
              + (failure == null ? "closed by the node" : failure.toString()), connected));
        }
      });
    }

    CompletionStage<Reply> exchange(HttpRequest request, long remainingNanos) {
      CompletableFuture<HttpResponse> pending = new CompletableFuture<>();
      response = pending;
      CompletableFuture<Reply> reply = new CompletableFuture<>();
      Cancellable timer = system.scheduler().scheduleOnce(Duration.ofNanos(remainingNanos),
          () -> reply.completeExceptionally(new LinkFailure("no answer by the batch's deadline", connected)),
          system.executionContext());
      if (ended || requests.offer(request) != QueueOfferResult.enqueued()) {
        pending.completeExceptionally(new LinkFailure("the connection could not take the request", false));
      }
      pending.thenCompose(r -> reply(r, remainingNanos))
          .whenComplete((r, failure) -> {
            if (failure == null) {
              reply.complete(r);
            } else {
              reply.completeExceptionally(failure instanceof LinkFailure ? failure
                  : failure.getCause() instanceof LinkFailure ? failure.getCause()
                  : new LinkFailure(failure.toString(), connected));
            }
          });
      return reply.whenComplete((r, failure) -> {
        timer.cancel();
        if (failure == null && !ended && !closed) {
          idle.addLast(this);
        } else {
          abort();
        }
      });
    }

    /** The answer once its body is read (at once for the usual 204 or a small error). */
    private CompletionStage<Reply> reply(HttpResponse response, long remainingNanos) {
      int status = response.status().intValue();
      if (response.entity() instanceof HttpEntity.Strict strict) {
        return CompletableFuture.completedFuture(new Reply(status, strict.getData().utf8String()));
      }
      return response.entity().toStrict(Math.max(1, TimeUnit.NANOSECONDS.toMillis(remainingNanos)), materializer)
          .thenApply(strict -> new Reply(status, strict.getData().utf8String()));
    }

    /** Tears the connection down; a request not yet written is never sent. */
    void abort() {
      ended = true;
      killSwitch.abort(new LinkFailure("aborted", connected));
    }
  }

  /** The node's answer: its status and (for errors) its body. */
  public record Reply(int status, String body) {
    public boolean ok() {
      return status >= 200 && status < 300;
    }
  }

  /**
   * A POST that failed without an answer. {@link #mayHaveArrived} is false when the request
   * certainly did not reach the node (no connection was open), so a caller may try another node
   * without risking a duplicate.
   */
  public static final class LinkFailure extends Exception {
    private final boolean mayHaveArrived;

    LinkFailure(String message, boolean mayHaveArrived) {
      super(message, null, false, false);
      this.mayHaveArrived = mayHaveArrived;
    }

    public boolean mayHaveArrived() {
      return mayHaveArrived;
    }
  }
}
