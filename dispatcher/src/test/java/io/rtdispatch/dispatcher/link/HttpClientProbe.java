package io.rtdispatch.dispatcher.link;

import akka.actor.typed.ActorSystem;
import akka.actor.typed.javadsl.Behaviors;
import akka.http.javadsl.ConnectHttp;
import akka.http.javadsl.HostConnectionPool;
import akka.http.javadsl.Http;
import akka.http.javadsl.model.ContentTypes;
import akka.http.javadsl.model.HttpRequest;
import akka.http.javadsl.model.HttpResponse;
import akka.http.javadsl.model.headers.RawHeader;
import akka.http.javadsl.settings.ConnectionPoolSettings;
import akka.japi.Pair;
import akka.stream.BoundedSourceQueue;
import akka.stream.Materializer;
import akka.stream.javadsl.Keep;
import akka.stream.javadsl.Sink;
import akka.stream.javadsl.Source;
import com.typesafe.config.ConfigFactory;
import io.rtdispatch.common.event.Event;
import io.rtdispatch.common.event.EventBatch;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.lang.management.ManagementFactory;
import java.net.URI;
import java.net.http.HttpClient;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import scala.util.Try;

/**
 * The measurement behind the dispatcher's HTTP client (docs/architecture.md, Dispatcher): the
 * candidate clients against a stand-in frontend ({@link HttpClientProbeServer}) in its own JVM.
 * Not a test; run from the repository root after {@code mvn -pl dispatcher test-compile}:
 *
 * <pre>
 * CP=dispatcher/target/test-classes:dispatcher/target/classes:common/target/classes:$(mvn -q -pl dispatcher \
 *     dependency:build-classpath -Dmdep.outputFile=/dev/stdout)
 * java -cp "$CP" io.rtdispatch.dispatcher.link.HttpClientProbe restart|cpu CLIENT PORT
 * </pre>
 *
 * CLIENT is {@code shared-pool}, {@code pool-per-link}, {@code jdk} or {@code connections}.
 * {@code restart}: four lanes POST a 10-event batch every 10 ms; the server is killed (SIGKILL),
 * dead 3 s and started again on the same port, the client renewed (a new incarnation's new link);
 * prints how long after the server was ready the first 2xx came, and how many requests the server
 * got more than the 1 s timeout after they were created. {@code cpu}: 100-event batches, 4 in
 * flight, 10 s after 5 s of warm-up; prints POSTs/s and this process's CPU time per POST.
 */
public final class HttpClientProbe {

  private static final Duration TIMEOUT = Duration.ofSeconds(1);
  private static final Event EVENT = Event.create("lq2x-abcdefgh-1", "live:42", "like",
      ("{\"from\":\"" + "x".repeat(100) + "\"}").getBytes(), 1700000000000L);

  /** One candidate: POSTs a batch, answers its status. */
  private interface Client {
    CompletableFuture<Integer> post(List<Event> events);

    /** What a new link for a new incarnation of the node does. */
    default void renew() {}
  }

  private static ActorSystem<Void> system;
  private static String base;

  private HttpClientProbe() {}

  public static void main(String[] args) throws Exception {
    String mode = args[0];
    int port = Integer.parseInt(args[2]);
    base = "http://127.0.0.1:" + port;
    system = ActorSystem.create(Behaviors.empty(), "probe", ConfigFactory.parseString(
        "akka.loglevel = ERROR\nakka.http.host-connection-pool { max-connections = 4, max-open-requests = 16 }"));
    List<String> late = Collections.synchronizedList(new ArrayList<>());
    Process server = server(port, late);
    Client client = client(args[1]);
    if (mode.equals("restart")) {
      server = restart(client, server, port, late);
    } else {
      cpu(client);
    }
    server.destroyForcibly().waitFor();
    system.terminate();
    System.exit(0);
  }

  private static Client client(String name) {
    switch (name) {
      case "shared-pool":
        return sharedPool();
      case "pool-per-link":
        return poolPerLink();
      case "jdk":
        return jdk();
      case "connections":
        return connections();
      default:
        throw new IllegalArgumentException(name);
    }
  }

  private static HttpRequest request(List<Event> events) {
    return HttpRequest.POST(base + "/internal/deliver")
        .withEntity(ContentTypes.APPLICATION_OCTET_STREAM, EventBatch.encodeToArray(events))
        .addHeader(RawHeader.create("X-Sent-Ms", Long.toString(System.currentTimeMillis())));
  }

  /** The client before: every link's requests through Akka HTTP's shared pool for the address. */
  private static Client sharedPool() {
    Http http = Http.get(system);
    ConnectionPoolSettings pool = ConnectionPoolSettings.create(system.classicSystem());
    return events -> http.singleRequest(request(events), http.defaultClientHttpsContext(), pool,
            system.classicSystem().log()).toCompletableFuture().orTimeout(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)
        .thenCompose(r -> r.discardEntityBytes(system).completionStage().thenApply(d -> r.status().intValue()));
  }

  /** A pool of its own per link, shut down with it. */
  private static Client poolPerLink() {
    return new Client() {
      private BoundedSourceQueue<Pair<HttpRequest, CompletableFuture<Integer>>> queue;
      private HostConnectionPool pool;

      {
        renew();
      }

      @Override
      public synchronized void renew() {
        if (pool != null) {
          queue.complete();
          pool.shutdown();
        }
        Pair<BoundedSourceQueue<Pair<HttpRequest, CompletableFuture<Integer>>>, HostConnectionPool> running =
            Source.<Pair<HttpRequest, CompletableFuture<Integer>>>queue(16)
                .viaMat(Http.get(system).<CompletableFuture<Integer>>newHostConnectionPool(ConnectHttp.toHost(base),
                    Materializer.matFromSystem(system)), Keep.both())
                .to(Sink.foreach(p -> complete(p.first(), p.second())))
                .run(system);
        queue = running.first();
        pool = running.second();
      }

      @Override
      public synchronized CompletableFuture<Integer> post(List<Event> events) {
        CompletableFuture<Integer> status = new CompletableFuture<>();
        queue.offer(Pair.create(request(events), status));
        return status.orTimeout(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
      }
    };
  }

  private static void complete(Try<HttpResponse> response, CompletableFuture<Integer> status) {
    if (response.isSuccess()) {
      response.get().discardEntityBytes(system);
      status.complete(response.get().status().intValue());
    } else {
      status.completeExceptionally(response.failed().get());
    }
  }

  private static Client jdk() {
    HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(TIMEOUT)
        .executor(system.executionContext()).build();
    return events -> http.sendAsync(java.net.http.HttpRequest.newBuilder(URI.create(base + "/internal/deliver"))
            .timeout(TIMEOUT).header("Content-Type", EventBatch.MEDIA_TYPE)
            .header("X-Sent-Ms", Long.toString(System.currentTimeMillis()))
            .POST(java.net.http.HttpRequest.BodyPublishers.ofByteArray(EventBatch.encodeToArray(events))).build(),
        java.net.http.HttpResponse.BodyHandlers.discarding()).thenApply(java.net.http.HttpResponse::statusCode);
  }

  /** The dispatcher's client: {@link HttpConnections} per link, requests bounded by a deadline. */
  private static Client connections() {
    return new Client() {
      private volatile HttpConnections connections = new HttpConnections(system, base, TIMEOUT);

      @Override
      public void renew() {
        connections.close();
        connections = new HttpConnections(system, base, TIMEOUT);
      }

      @Override
      public CompletableFuture<Integer> post(List<Event> events) {
        return connections.post("/internal/deliver", new Batch(events, System.nanoTime() + TIMEOUT.toNanos()),
            "X-Sent-Ms", Long.toString(System.currentTimeMillis())).toCompletableFuture()
            .thenApply(HttpConnections.Reply::status);
      }
    };
  }

  private static Process server(int port, List<String> late) throws Exception {
    Process process = new ProcessBuilder(ProcessHandle.current().info().command().orElse("java"), "-Xmx128m", "-cp",
        System.getProperty("java.class.path"), HttpClientProbeServer.class.getName(), Integer.toString(port),
        Long.toString(TIMEOUT.toMillis())).redirectErrorStream(true).start();
    Runtime.getRuntime().addShutdownHook(new Thread(process::destroyForcibly));
    CompletableFuture<Void> ready = new CompletableFuture<>();
    Thread reader = new Thread(() -> {
      try (BufferedReader lines = new BufferedReader(new InputStreamReader(process.getInputStream()))) {
        for (String line = lines.readLine(); line != null; line = lines.readLine()) {
          if (line.equals("READY")) {
            ready.complete(null);
          } else if (line.startsWith("LATE")) {
            late.add(line.substring(5));
          }
        }
      } catch (java.io.IOException e) {
        // the server ended
      }
    });
    reader.setDaemon(true);
    reader.start();
    ready.get(30, TimeUnit.SECONDS);
    return process;
  }

  private static Process restart(Client client, Process server, int port, List<String> late) throws Exception {
    AtomicLong readyAt = new AtomicLong(Long.MAX_VALUE);
    AtomicLong firstOk = new AtomicLong();
    List<Event> batch = Collections.nCopies(10, EVENT);
    for (int lane = 0; lane < 4; lane++) {
      Thread t = new Thread(() -> {
        while (true) {
          try {
            if (client.post(batch).get() / 100 == 2 && System.nanoTime() > readyAt.get()) {
              firstOk.compareAndSet(0, System.nanoTime());
            }
          } catch (Exception e) {
            // refused or timed out while the server is down
          }
          try {
            Thread.sleep(10);
          } catch (InterruptedException e) {
            return;
          }
        }
      });
      t.setDaemon(true);
      t.start();
    }
    Thread.sleep(2000);
    server.destroyForcibly().waitFor();
    Thread.sleep(3000);
    Process again = server(port, late);
    readyAt.set(System.nanoTime());
    client.renew();
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(40);
    while (firstOk.get() == 0 && System.nanoTime() < deadline) {
      Thread.sleep(5);
    }
    Thread.sleep(5000);
    System.out.println("RESULT first 2xx " + (firstOk.get() == 0 ? "> 40000"
        : Long.toString((firstOk.get() - readyAt.get()) / 1_000_000)) + " ms after the restarted server was ready; "
        + late.size() + " requests received more than " + TIMEOUT.toMillis() + " ms after creation " + late);
    return again;
  }

  private static void cpu(Client client) throws Exception {
    List<Event> batch = Collections.nCopies(100, EVENT);
    Semaphore inFlight = new Semaphore(4);
    com.sun.management.OperatingSystemMXBean os =
        (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
    for (int seconds : new int[] {5, 10}) {
      AtomicLong ok = new AtomicLong();
      long cpu = os.getProcessCpuTime();
      long start = System.nanoTime();
      while (System.nanoTime() - start < TimeUnit.SECONDS.toNanos(seconds)) {
        inFlight.acquire();
        client.post(batch).whenComplete((status, failure) -> {
          if (failure == null && status / 100 == 2) {
            ok.incrementAndGet();
          }
          inFlight.release();
        });
      }
      inFlight.acquire(4);
      inFlight.release(4);
      double elapsed = (System.nanoTime() - start) / 1e9;
      if (seconds == 10) {
        System.out.printf("RESULT %.0f POSTs/s, client CPU %.0f us per POST%n", ok.get() / elapsed,
            (os.getProcessCpuTime() - cpu) / 1000.0 / Math.max(1, ok.get()));
      }
    }
  }
}
