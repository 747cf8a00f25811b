package io.rtdispatch.node;

import static io.rtdispatch.node.TestNodes.WAIT;
import static io.rtdispatch.node.TestNodes.assertError;
import static io.rtdispatch.node.TestNodes.publishBody;
import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.rtdispatch.common.event.EventBatch;
import io.rtdispatch.common.testing.SseTestClient;
import io.rtdispatch.common.testing.TestHttp;
import java.io.ByteArrayOutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.Charset;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Bodies built to break parsers, sent over real HTTP to a node with the default limits: each gets
 * its 4xx JSON error (never a 500 or a dead node), and what the contract allows is accepted.
 */
class HostileBodiesTest {

  private static final List<String> OTHER_ENCODINGS = List.of("UTF-16", "UTF-16LE", "UTF-16BE", "UTF-32",
      "UTF-32LE", "UTF-32BE");

  private static RtdNode node;
  private static String publish;
  private static String subscriptions;

  @BeforeAll
  static void startNode() throws Exception {
    node = TestNodes.start();
    publish = TestHttp.url(node.dispatcherAddress(), "/publish");
    subscriptions = TestHttp.url(node.frontendAddress(), "/subscriptions");
  }

  @AfterAll
  static void stopNode() throws Exception {
    node.close();
  }

  private static TestHttp.Response post(String url, byte[] body) throws Exception {
    return TestHttp.send("POST", url, "application/json", body);
  }

  /** The body of issue 9: an object whose value opens ~16.7 million arrays (16 MiB). */
  private static byte[] deeplyNested() {
    byte[] body = new byte[16 << 20];
    Arrays.fill(body, (byte) '[');
    System.arraycopy("{\"x\":".getBytes(UTF_8), 0, body, 0, 5);
    return body;
  }

  @Test
  void sixteenMegabytesOfNestingAreRefusedOnEveryEndpointAndTheNodeStaysUp() throws Exception {
    byte[] body = deeplyNested();
    assertError(413, "1048576", post(publish, body));
    assertError(413, "4096", post(subscriptions, body));
    InetSocketAddress internal = node.internalAddress();
    byte[] batch = ("1-0 t " + new String(body, 0, body.length - 6, UTF_8)).getBytes(UTF_8); // 16 MiB, the limit
    assertError(400, "malformed event batch", TestHttp.send("POST", TestHttp.url(internal, "/internal/deliver"),
        EventBatch.MEDIA_TYPE, batch));
    assertError(400, "malformed event batch", TestHttp.send("POST",
        TestHttp.url(internal, "/internal/peer-publish"), EventBatch.MEDIA_TYPE, batch, "X-Rtd-Origin-DC", "dc-x"));
    assertEquals(202, TestHttp.postJson(publish, publishBody("t", "like", "1")).status());
  }

  @Test
  void nestingWithinTheBodyLimitIsRefusedBeyondTheDataDepthLimit() throws Exception {
    String deepest = "[".repeat(100) + "]".repeat(100);
    assertEquals(202, TestHttp.postJson(publish, publishBody("t", "like", deepest)).status());
    assertError(400, "data nests arrays and objects deeper than 100 levels",
        TestHttp.postJson(publish, publishBody("t", "like", "[" + deepest + "]")));
    assertError(400, "data nests arrays and objects deeper than 100 levels",
        TestHttp.postJson(publish, "{\"topic\":\"t\",\"data\":" + "[".repeat(1_000_000)));
    assertError(400, "topic must be a string",
        TestHttp.postJson(subscriptions, "{\"connectionId\":\"c\",\"topic\":" + "[".repeat(4000)));
  }

  @Test
  void otherUnicodeEncodingsAreRefusedWith400WithOrWithoutByteOrderMark() throws Exception {
    for (String charset : OTHER_ENCODINGS) {
      for (String text : List.of(publishBody("t", "like", "1"), "\uFEFF" + publishBody("t", "like", "1"))) {
        assertError(400, "JSON must be UTF-8", post(publish, text.getBytes(Charset.forName(charset))));
      }
      byte[] subscription = "{\"connectionId\":\"c\",\"topic\":\"t\"}".getBytes(Charset.forName(charset));
      assertError(400, "UTF-16 and UTF-32 are not accepted", post(subscriptions, subscription));
    }
  }

  @Test
  void bytesThatAreNotUtf8AreRefusedWith400NamingTheByte() throws Exception {
    for (String hex : List.of("ff", "c0af", "eda080", "e282", "f4908080")) {
      ByteArrayOutputStream body = new ByteArrayOutputStream();
      body.writeBytes("{\"topic\":\"t\",\"data\":\"".getBytes(UTF_8));
      body.writeBytes(HexFormat.of().parseHex(hex));
      body.writeBytes("\"}".getBytes(UTF_8));
      assertError(400, "byte 21 is not valid UTF-8", post(publish, body.toByteArray()));
    }
    assertError(400, "byte 2 is NUL", post(publish, "{ \u0000}".getBytes(UTF_8)));
    assertError(400, "byte 1 is not valid UTF-8", post(subscriptions, HexFormat.of().parseHex("7bff7d")));
  }

  /**
   * RFC 8259 section 11 defines no charset parameter for application/json and says adding one has
   * no effect: the body is read as UTF-8 whatever the parameter says.
   */
  @Test
  void aUtf8ByteOrderMarkAndACharsetParameterAreAccepted() throws Exception {
    assertEquals(202, post(publish, ("\uFEFF" + publishBody("t", "like", "1")).getBytes(UTF_8)).status());
    assertEquals(202, TestHttp.send("POST", publish, "application/json; charset=utf-8",
        publishBody("t", "like", "\"\u00e9\"")).status());
    assertError(404, "no open connection", post(subscriptions,
        "\uFEFF{\"connectionId\":\"c\",\"topic\":\"t\"}".getBytes(UTF_8)));
  }

  @Test
  void edgeCasesOfJsonGetTheirAnswers() throws Exception {
    assertError(400, "request body is empty", TestHttp.postJson(publish, " \n"));
    assertError(400, "must be a JSON object or an array", TestHttp.postJson(publish, "\"t\""));
    assertError(400, "unexpected content after the JSON value", TestHttp.postJson(publish, "{\"topic\":\"t\"} {}"));
    assertError(400, "not valid JSON", TestHttp.postJson(publish, "{\"topic\":\"t\""));
    assertError(400, "duplicate field 'topic'", TestHttp.postJson(publish, "{\"topic\":\"t\",\"topic\":\"u\"}"));
    assertError(400, "topic may contain only", TestHttp.postJson(publish, "{\"topic\":\"t\\ud800\"}"));
    assertError(400, "duplicate field 'topic'",
        TestHttp.postJson(subscriptions, "{\"topic\":\"t\",\"connectionId\":\"c\",\"topic\":\"t\"}"));
    assertError(400, "unexpected content after the JSON object",
        TestHttp.postJson(subscriptions, "{\"topic\":\"t\",\"connectionId\":\"c\"}[]"));
    assertError(413, "data is 70002 bytes", TestHttp.postJson(publish, publishBody("t", "like", "1".repeat(70_002))));
  }

  /** What JSON allows in data reaches subscribers byte for byte: lone surrogates, long numbers. */
  @Test
  void unusualButValidDataIsDeliveredVerbatim() throws Exception {
    String topic = "live:hostile";
    try (SseTestClient client = SseTestClient.open(node.frontendAddress(), "/connect?topic=" + topic)) {
      client.next(WAIT);
      TestNodes.awaitRoutes(node.internalAddress(), topic, 1);
      List<String> data = List.of("\"\\ud800\\udc00\\udfff\"", "1".repeat(60_000), "-1e999999999");
      for (String value : data) {
        assertEquals(202, TestHttp.postJson(publish, publishBody(topic, "like", value)).status());
      }
      List<SseTestClient.Frame> messages = client.messages(data.size(), WAIT);
      for (int i = 0; i < data.size(); i++) {
        assertEquals(data.get(i), dataOf(messages.get(i).data()));
      }
    }
  }

  /** The raw text of the envelope's {@code data} member, which {@code publishedAt} follows. */
  private static String dataOf(String envelope) {
    int start = envelope.indexOf("\"data\":") + 7;
    return envelope.substring(start, envelope.lastIndexOf(",\"publishedAt\":"));
  }
}
