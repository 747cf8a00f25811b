package io.rtdispatch.node;

import static io.rtdispatch.node.TestNodes.WAIT;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.rtdispatch.common.testing.SseTestClient;
import io.rtdispatch.common.testing.TestHttp;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/**
 * Issue 9's suite that keeps it so: a few thousand requests of every hostile shape
 * ({@link FuzzInputs}) against a real node on all three ports, over raw sockets, many at once.
 * Every answer must be below 500; every 4xx must be {@code application/json} with an
 * {@code error} string; a 200 to {@code /connect} must be an event stream. Afterwards the node
 * must answer /health and /ready on every port and still deliver to a canary stream opened before
 * the fuzzing: the event published after it arrives exactly once, and nothing arrived before.
 *
 * <p>Seeded: the seed is printed, and each failure names its case, so
 * {@code -Dfuzz.seed=S -Dfuzz.only=I} replays one input. {@code -Dfuzz.cases=N} changes the
 * count. Prints a {@code FUZZ seed=… requests=… by status {…} 5xx=0 nonJson=0 canary=ok} line
 * (the figures in docs/reliability.md).
 */
class FuzzTest {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String CANARY_TOPIC = "live:fuzz-canary";
  private static final int WORKERS = 12;
  private static final int SLOW_SENDERS = 4;
  private static final int MAX_REPORTED = 15;

  private final FuzzTally tally = new FuzzTally();
  private final ConcurrentLinkedQueue<String> failures = new ConcurrentLinkedQueue<>();

  @Test
  void hostileRequestsOnEveryPortGetContractAnswersAndTheNodeKeepsDelivering() throws Exception {
    long seed = Long.getLong("fuzz.seed", ThreadLocalRandom.current().nextLong(1_000_000_000L));
    int cases = Integer.getInteger("fuzz.cases", 5000);
    Integer only = Integer.getInteger("fuzz.only");
    System.out.println("FUZZ seed=" + seed + " (replay: -Dfuzz.seed=" + seed + ")");
    FuzzInputs inputs = new FuzzInputs(seed);
    try (RtdNode node = TestNodes.start("rtd.http.request-timeout", "1s")) {
      Map<String, InetSocketAddress> ports = Map.of("frontend", node.frontendAddress(),
          "dispatcher", node.dispatcherAddress(), "internal", node.internalAddress());
      try (SseTestClient canary = SseTestClient.open(node.frontendAddress(), "/connect?topic=" + CANARY_TOPIC)) {
        assertEquals("connected", canary.next(WAIT).event());
        TestNodes.awaitRoutes(node.internalAddress(), CANARY_TOPIC, 1);
        long started = System.nanoTime();
        List<FuzzInputs.Case> all = new ArrayList<>();
        IntStream.range(0, only == null ? SLOW_SENDERS : 0).mapToObj(i -> inputs.slow(cases + i)).forEach(all::add);
        (only == null ? IntStream.range(0, cases) : IntStream.of(only)).mapToObj(inputs::at).forEach(all::add);
        run(all, ports, seed);
        long seconds = (System.nanoTime() - started) / 1_000_000_000L;
        assertAlive(ports);
        String canaryResult = canary(canary, node.dispatcherAddress());
        System.out.println("FUZZ seed=" + seed + " " + tally.summary() + " canary=" + canaryResult + " in " + seconds
            + " s");
        assertTrue(failures.isEmpty(), failures.size() + " bad answers (seed " + seed + "), first ones:\n"
            + String.join("\n", failures.stream().limit(MAX_REPORTED).toList()));
        assertEquals("ok", canaryResult);
      }
    }
  }

  private void run(List<FuzzInputs.Case> all, Map<String, InetSocketAddress> ports, long seed) throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(WORKERS);
    try {
      List<Future<?>> running = new ArrayList<>();
      for (FuzzInputs.Case fuzz : all) {
        running.add(pool.submit(() -> {
          try {
            check(fuzz, FuzzWire.send(ports.get(fuzz.port()), fuzz), seed);
          } catch (Exception e) {
            fail(fuzz, seed, "could not send: " + e);
          }
        }));
      }
      for (Future<?> each : running) {
        each.get();
      }
    } finally {
      pool.shutdownNow();
    }
  }

  /** The contract's rules for every answer, and the node's deadlines for slow and stuck requests. */
  private void check(FuzzInputs.Case fuzz, FuzzWire.Outcome outcome, long seed) {
    tally.count(fuzz, outcome);
    if (Integer.getInteger("fuzz.only") != null) {
      System.out.println("FUZZ case " + fuzz.index() + " ended " + outcome.end() + " answers "
          + outcome.answers().stream().map(a -> a.status() + " " + a.headers() + " " + FuzzTally.escaped(a.body())).toList());
    }
    if (outcome.end() != null && outcome.end().startsWith("no answer")) {
      fail(fuzz, seed, outcome.end());
    }
    if (fuzz.mode() == FuzzInputs.Mode.SLOW && outcome.end() == null) {
      fail(fuzz, seed, "a slow sender was never cut off");
    }
    boolean answered = outcome.answers().size() >= fuzz.requests();
    if (fuzz.mode() == FuzzInputs.Mode.ANSWERS && !answered && !endedByTheNode(fuzz, outcome)) {
      fail(fuzz, seed, "the connection ended (" + outcome.end() + ") after " + outcome.answers().size() + " of "
          + fuzz.requests() + " answers");
    }
    for (FuzzWire.Answer answer : outcome.answers()) {
      String problem = problem(fuzz, answer);
      if (problem != null) {
        fail(fuzz, seed, problem + ": " + answer.status() + " " + answer.headers() + " "
            + FuzzTally.escaped(answer.body()));
      }
    }
  }

  /**
   * Whether a connection that gave fewer answers than requests ended the way the node ends them:
   * after an answer saying {@code Connection: close} (and none after it: RFC 9112 section 9.6), after
   * a stream's head (the rest of the connection is the stream), or at the
   * request deadline for a request the fuzzer left incomplete (only those shapes do).
   */
  private static boolean endedByTheNode(FuzzInputs.Case fuzz, FuzzWire.Outcome outcome) {
    if (!outcome.answers().isEmpty()) {
      FuzzWire.Answer last = outcome.answers().get(outcome.answers().size() - 1);
      return last.eventStream() || "close".equalsIgnoreCase(last.headers().get("connection"));
    }
    return FuzzInputs.MAY_BE_INCOMPLETE.contains(fuzz.shape()) && !outcome.end().startsWith("no answer");
  }

  private static String problem(FuzzInputs.Case fuzz, FuzzWire.Answer answer) {
    if (answer.status() >= 500) {
      return "5xx";
    }
    if (answer.status() >= 400 && !FuzzTally.isJsonError(answer, fuzz)) {
      return "nonJson";
    }
    if (fuzz.shape().equals("connect-query") && answer.status() == 200 && !answer.eventStream()) {
      return "a 200 to /connect that is not an event stream";
    }
    return null;
  }

  private void fail(FuzzInputs.Case fuzz, long seed, String problem) {
    tally.failed(problem);
    failures.add("case " + fuzz.index() + " (" + fuzz.shape() + " to " + fuzz.port() + ", replay: -Dfuzz.seed=" + seed
        + " -Dfuzz.only=" + fuzz.index() + "): " + problem + "\n    request " + fuzz.bytes().length + " bytes: "
        + FuzzTally.escaped(fuzz.bytes()));
  }

  private static void assertAlive(Map<String, InetSocketAddress> ports) throws Exception {
    for (Map.Entry<String, InetSocketAddress> port : ports.entrySet()) {
      if (!port.getKey().equals("internal")) {
        assertEquals(200, TestHttp.get(TestHttp.url(port.getValue(), "/health")).status(), port.getKey());
        assertEquals(200, TestHttp.get(TestHttp.url(port.getValue(), "/ready")).status(), port.getKey());
      }
    }
    assertEquals(200, TestHttp.get(TestHttp.url(ports.get("internal"), "/internal/routes?topic=t")).status());
  }

  /**
   * "ok" if the canary got nothing during the fuzzing (heartbeats aside) and the event published
   * after it exactly once; otherwise what went wrong.
   */
  private static String canary(SseTestClient canary, InetSocketAddress dispatcher) throws Exception {
    List<SseTestClient.Frame> before = canary.drain(Duration.ofMillis(200)).stream().filter(f -> !f.comment()).toList();
    if (!before.isEmpty()) {
      return "got frames during the fuzzing: " + before;
    }
    String marker = "after-fuzz-" + System.nanoTime();
    TestHttp.Response published = TestHttp.postJson(TestHttp.url(dispatcher, "/publish"),
        TestNodes.publishBody(CANARY_TOPIC, "like", "\"" + marker + "\""));
    if (published.status() != 202) {
      return "publish answered " + published.status() + " " + published.body();
    }
    JsonNode event = JSON.readTree(canary.messages(1, WAIT).get(0).data());
    if (!marker.equals(event.get("data").asText())) {
      return "got " + event + " instead of " + marker;
    }
    List<SseTestClient.Frame> after = canary.drain(Duration.ofSeconds(1)).stream().filter(f -> !f.comment()).toList();
    return after.isEmpty() ? "ok" : "more frames after the event: " + after;
  }
}
