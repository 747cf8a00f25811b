package io.rtdispatch.node;

import static java.nio.charset.StandardCharsets.ISO_8859_1;
import static java.nio.charset.StandardCharsets.UTF_8;

import io.rtdispatch.common.event.EventBatch;
import io.rtdispatch.common.testing.HostileBytes;
import java.io.ByteArrayOutputStream;
import java.nio.charset.Charset;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.function.Function;

/**
 * The requests of {@link FuzzTest}, one per case index, each a pure function of (seed, index) so a
 * failing case is replayed alone with {@code -Dfuzz.seed=S -Dfuzz.only=I}. The shapes are those of
 * issue 9: malformed request lines and headers, over-long request lines and header blocks, unknown
 * methods, HTTP/1.0 without Host, absolute-form targets, broken percent-encoding, hostile
 * {@code /connect} query strings, hostile JSON bodies ({@link HostileBytes}), garbage event
 * batches, pipelined mixes, abrupt closes mid-request and slow senders.
 */
final class FuzzInputs {

  /** How a case is sent: its answers read, abandoned part way, or sent a byte at a time. */
  enum Mode { ANSWERS, ABRUPT, SLOW }

  /** One case: {@code bytes} sent on one connection to {@code port} ("frontend", "dispatcher", "internal"). */
  record Case(int index, String shape, String port, Mode mode, byte[] bytes, int requests) {}

  /** Shapes that may leave a request unfinished (a line never ended, a chunked body never sent). */
  static final Set<String> MAY_BE_INCOMPLETE = Set.of("request-line", "bad-framing");

  private static final List<String> PORTS = List.of("frontend", "dispatcher", "internal");
  private static final List<String> PATHS = List.of("/", "/connect?topic=t", "/subscriptions", "/publish",
      "/health", "/ready", "/metrics", "/demo/config", "/internal/deliver", "/internal/peer-publish",
      "/internal/routes?topic=t", "/nothing", "*", "/..%2f..%2fetc/passwd", "//publish", "/publish/");
  private static final List<String> METHODS = List.of("GET", "POST", "PUT", "DELETE", "HEAD", "OPTIONS",
      "PATCH", "TRACE", "CONNECT", "BREW", "PROPFIND", "get", "G\u00c9T", "X".repeat(300), "");
  /** A HEAD answer has no body, so the answers after it could not be told apart. */
  private static final List<String> PIPELINE_METHODS = METHODS.stream().filter(m -> !m.equals("HEAD")).toList();
  private static final List<String> PERCENT = List.of("%", "%z", "%zz", "%4", "%00", "%0a%0d", "%ff%fe", "%c0%af",
      "%ed%a0%80", "%e2%80%a8", "%25", "%%", "%u0041", "+", "%2", "%C3%A9", "%F0%9F%98%80");
  private static final List<String> TOPIC_PIECES = List.of("live:1", "a.b_c@d-e", "%00", "%0d%0a", "%09", "%7f",
      "%e2%80%a8", "%C3%A9", "\u00e9", "\ud83d\ude00", " ", "%20", "<script>", "\"", "'", "&topic=", "%26", "=", ";",
      "%2C", ",", "..", "*", "");
  private static final List<String> PUBLISH_SEEDS = List.of(TestNodes.publishBody("t", "like", "{\"from\":\"ann\"}"),
      "[" + TestNodes.publishBody("t", "like", "1") + "," + TestNodes.publishBody("u", "x-y_z", "[true,null]") + "]",
      "{\"topic\":\"t\",\"data\":\"\\u00e9\\ud83d\\ude00\"}", "{\"topic\":\"live:42\"}");
  private static final List<String> SUBSCRIPTION_SEEDS = List.of("{\"connectionId\":\"c0ffee\",\"topic\":\"t\"}",
      "{\"topic\":\"live:1\",\"connectionId\":\"0123456789abcdef0123456789abcdef\"}");
  private static final List<String> BATCH_SEEDS = List.of(
      "x-1 t {\"id\":\"x-1\",\"topic\":\"t\",\"type\":\"like\",\"data\":1,\"publishedAt\":1}\n",
      "a-1 t {\"id\":\"a-1\"}\nb-2 u {\"id\":\"b-2\",\"data\":[1,2]}\n", "");
  private static final List<Charset> WIDE = List.of(Charset.forName("UTF-16"), Charset.forName("UTF-16LE"),
      Charset.forName("UTF-32BE"), Charset.forName("UTF-32"));

  /** The shapes, each a generator of one case's bytes; drawn uniformly. */
  private static final List<Shape> SHAPES = List.of(
      new Shape("request-line", PORTS, FuzzInputs::malformedRequestLine),
      new Shape("long-request-line", PORTS, r -> request("GET", "/connect?topic=" + "a".repeat(33_000 + r.nextInt(8000)),
          "")),
      new Shape("long-headers", PORTS, FuzzInputs::longHeaders),
      new Shape("bad-framing", PORTS, FuzzInputs::badFraming),
      new Shape("unknown-method", PORTS, r -> request(pick(r, METHODS), pick(r, PATHS), "")),
      new Shape("http10-no-host", PORTS, r -> (pick(r, List.of("GET", "POST", "DELETE")) + " " + pick(r, PATHS)
          + " HTTP/1.0\r\n\r\n").getBytes(ISO_8859_1)),
      new Shape("absolute-form", PORTS, r -> request(pick(r, List.of("GET", "POST")), pick(r, List.of("http://",
          "https://", "ftp://", "http://user:pw@")) + pick(r, List.of("evil.example", "127.0.0.1:1", "[::1]", ""))
          + pick(r, PATHS), "")),
      new Shape("percent-encoding", PORTS, r -> request("GET", pick(r, PATHS).replace("?topic=t", "")
          + pick(r, List.of("?x=", "?topic=", "/", "?")) + pick(r, PERCENT) + pick(r, PERCENT), "")),
      new Shape("connect-query", List.of("frontend"), FuzzInputs::hostileConnect),
      new Shape("publish-body", List.of("dispatcher"), r -> post("/publish", "application/json",
          jsonBody(r, PUBLISH_SEEDS))),
      new Shape("subscription-body", List.of("frontend"), r -> post("/subscriptions", "application/json",
          jsonBody(r, SUBSCRIPTION_SEEDS))),
      new Shape("event-batch", List.of("internal"), r -> post(pick(r, List.of("/internal/deliver",
          "/internal/peer-publish")), EventBatch.MEDIA_TYPE, new HostileBytes(r.nextLong(), BATCH_SEEDS).next())),
      new Shape("routes-query", List.of("internal"), r -> request("GET", "/internal/routes?topic="
          + topicList(r, 1 + r.nextInt(3)), "")));

  private record Shape(String name, List<String> ports, Function<Random, byte[]> bytes) {}

  private final long seed;

  FuzzInputs(long seed) {
    this.seed = seed;
  }

  /** Case {@code index}: one of the shapes, a pipelined mix of them, or an abrupt close (about 1 in 10 each). */
  Case at(int index) {
    Random random = new Random(seed * 1_000_003L + index);
    int roll = random.nextInt(20);
    if (roll < 2) {
      return pipelined(index, random);
    }
    Shape shape = pick(random, SHAPES);
    String port = pick(random, shape.ports());
    byte[] bytes = shape.bytes().apply(random);
    if (roll < 4) {
      int cut = random.nextInt(Math.max(1, bytes.length));
      return new Case(index, "abrupt-" + shape.name(), port, Mode.ABRUPT, Arrays.copyOf(bytes, cut), 0);
    }
    return new Case(index, shape.name(), port, Mode.ANSWERS, bytes, 1);
  }

  /** A slow sender: a request the node must cut off (it never ends its header block). */
  Case slow(int index) {
    return new Case(index, "slow-sender", PORTS.get(index % PORTS.size()), Mode.SLOW,
        "GET /health HTTP/1.1\r\nHost: h\r\nX-Slow: ".concat("z".repeat(200)).getBytes(ISO_8859_1), 1);
  }

  /** Two to six requests of the simple shapes in one write, to one port. */
  private static Case pipelined(int index, Random random) {
    String port = pick(random, PORTS);
    int count = 2 + random.nextInt(5);
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (int i = 0; i < count; i++) {
      out.writeBytes(switch (random.nextInt(5)) {
        case 0 -> request("GET", pick(random, List.of("/health", "/ready", "/metrics", "/demo/config")), "");
        case 1 -> request(pick(random, PIPELINE_METHODS), pick(random, PATHS), "");
        case 2 -> post("/publish", "application/json", jsonBody(random, PUBLISH_SEEDS));
        case 3 -> request("GET", "/nothing?x=" + pick(random, PERCENT), "");
        default -> post("/subscriptions", "application/json", jsonBody(random, SUBSCRIPTION_SEEDS));
      });
    }
    return new Case(index, "pipelined", port, Mode.ANSWERS, out.toByteArray(), count);
  }

  private static byte[] malformedRequestLine(Random r) {
    String line = switch (r.nextInt(10)) {
      case 0 -> "GET / HTTP/1.1 extra";
      case 1 -> "GET /";
      case 2 -> "GET  /  HTTP/1.1";
      case 3 -> "GET / HTTP/" + pick(r, List.of("1", "1.", "9.9", "0.9", "2.0", "3", "x", "1.1.1", ""));
      case 4 -> "GET\t/\tHTTP/1.1";
      case 5 -> " GET / HTTP/1.1";
      case 6 -> "GET /" + (char) r.nextInt(32) + " HTTP/1.1";
      case 7 -> new String(randomBytes(r, 1 + r.nextInt(200)), ISO_8859_1);
      case 8 -> "\u0016\u0003\u0001\u0002\u0000\u0001\u0000\u01fc\u0003\u0003"; // a TLS ClientHello's start
      default -> "";
    };
    String end = pick(r, List.of("\r\nHost: h\r\n\r\n", "\nHost: h\n\n", "\r\n\r\n", "\r\r\r\r", "\n\n"));
    return (line + end).getBytes(ISO_8859_1);
  }

  private static byte[] longHeaders(Random r) {
    StringBuilder headers = new StringBuilder();
    if (r.nextBoolean()) {
      headers.append("X-Big: ").append("b".repeat(17_000 + r.nextInt(4000))).append("\r\n");
    } else {
      for (int i = 0, n = 500 + r.nextInt(1500); i < n; i++) {
        headers.append("X-").append(i).append(": v\r\n");
      }
    }
    return request(pick(r, List.of("GET", "POST")), pick(r, PATHS), headers.toString());
  }

  /** Header lines that confuse message framing: request-smuggling shapes, broken header syntax. */
  private static byte[] badFraming(Random r) {
    String headers = pick(r, List.of("Content-Length: abc\r\n", "Content-Length: -1\r\n",
        "Content-Length: 2\r\nContent-Length: 3\r\n", "Content-Length: 99999999999999999999\r\n",
        "Transfer-Encoding: chunked\r\nContent-Length: 2\r\n", "Transfer-Encoding: gzip, chunked\r\n",
        "Transfer-Encoding: identity\r\n", "Transfer-Encoding: chunked\r\n", "No colon here\r\n", ": empty name\r\n",
        "X-A\u0000: nul\r\n", "X-Fold: a\r\n folded\r\n", "Host: a\r\nHost: b\r\n", "Expect: 100-continue\r\n",
        "Content-Type: application/json\r\nContent-Encoding: gzip\r\n", "X-\u00e9: \u00ff\r\n"));
    String body = pick(r, List.of("", "zz\r\n{}\r\n0\r\n\r\n", "2\r\n{}\r\n0\r\n\r\n", "{}", "ffffffffffff\r\n"));
    return request(pick(r, List.of("GET", "POST")), pick(r, PATHS), headers, body.getBytes(ISO_8859_1));
  }

  private static byte[] hostileConnect(Random r) {
    int topics = switch (r.nextInt(4)) {
      case 0 -> 90 + r.nextInt(30);
      case 1 -> 1;
      default -> 1 + r.nextInt(8);
    };
    StringBuilder query = new StringBuilder("/connect?");
    query.append(r.nextInt(5) == 0 ? "topics=" : "topic=").append(topicList(r, topics));
    if (r.nextInt(4) == 0) {
      query.append(pick(r, List.of("&topic=", "&topic", "&connectionId=x", "&x=%", "&lastEventId=1", "#frag")));
    }
    String accept = r.nextBoolean() ? "Accept: text/event-stream\r\n" : "";
    return request("GET", query.toString(), accept);
  }

  /** Comma-separated topics, some valid, some long (to 300), some with control, percent or Unicode pieces. */
  private static String topicList(Random r, int count) {
    StringBuilder topics = new StringBuilder();
    for (int i = 0; i < count; i++) {
      topics.append(i == 0 ? "" : ",");
      int length = r.nextInt(6) == 0 ? 190 + r.nextInt(110) : 1 + r.nextInt(20);
      StringBuilder topic = new StringBuilder("fz");
      while (topic.length() < length) {
        topic.append(r.nextInt(3) == 0 ? pick(r, TOPIC_PIECES) : Integer.toString(r.nextInt(1000)));
      }
      topics.append(topic);
    }
    return topics.toString();
  }

  /** A HostileBytes mutation, or (1 in 4) deep nesting, another Unicode encoding, or NUL bytes. */
  private static byte[] jsonBody(Random r, List<String> seeds) {
    return switch (r.nextInt(8)) {
      case 0 -> ("{\"topic\":\"t\",\"data\":" + "[".repeat(1 + r.nextInt(200_000))).getBytes(UTF_8);
      case 1 -> pick(r, seeds).getBytes(pick(r, WIDE));
      default -> new HostileBytes(r.nextLong(), seeds).next();
    };
  }

  private static byte[] post(String path, String contentType, byte[] body) {
    return request("POST", path, "Content-Type: " + contentType + "\r\nContent-Length: " + body.length + "\r\n", body);
  }

  private static byte[] request(String method, String target, String headers) {
    return request(method, target, headers, new byte[0]);
  }

  /** A request with a Host header; {@code target} is sent as UTF-8 (raw Unicode in a target is a shape too). */
  private static byte[] request(String method, String target, String headers, byte[] body) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.writeBytes((method + " ").getBytes(ISO_8859_1));
    out.writeBytes(target.getBytes(UTF_8));
    out.writeBytes((" HTTP/1.1\r\nHost: h\r\n" + headers + "\r\n").getBytes(UTF_8));
    out.writeBytes(body);
    return out.toByteArray();
  }

  private static byte[] randomBytes(Random r, int length) {
    byte[] bytes = new byte[length];
    r.nextBytes(bytes);
    return bytes;
  }

  private static <T> T pick(Random r, List<T> from) {
    return from.get(r.nextInt(from.size()));
  }
}
