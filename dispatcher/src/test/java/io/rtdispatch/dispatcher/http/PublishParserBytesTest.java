package io.rtdispatch.dispatcher.http;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.rtdispatch.common.event.Validation;
import io.rtdispatch.common.testing.HostileBytes;
import io.rtdispatch.dispatcher.http.PublishParser.Draft;
import java.io.ByteArrayOutputStream;
import java.nio.charset.Charset;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import io.rtdispatch.common.problem.Problem;
import io.rtdispatch.common.problem.ProblemException;
import java.util.Optional;

/**
 * {@link PublishParser} on every byte sequence: bodies that are not UTF-8, NUL, surrogates, deep
 * nesting, long numbers, truncation, and thousands of mutated bodies. The parser is total: it
 * returns a result or a 400/413 {@link ProblemException}, never anything else.
 */
class PublishParserBytesTest {

  private static final String BODY = "{\"topic\":\"live:1\",\"type\":\"like\",\"data\":{\"n\":[1,2.5e3,\"\u00e9\"]}}";

  /** The defaults of reference.conf: 1000 events, 64 KiB data nesting 100 deep, 1 MiB bodies. */
  private final PublishParser parser = new PublishParser(1000, 65536, 100, 1 << 20);

  private ProblemException badRequest(byte[] body) {
    ProblemException e = assertThrows(ProblemException.class, () -> parser.parse(body));
    assertEquals(Problem.Kind.INVALID, e.problem().kind(), e.getMessage());
    return e;
  }

  private static byte[] withData(String data) {
    return ("{\"topic\":\"t\",\"data\":" + data + "}").getBytes(UTF_8);
  }

  @ParameterizedTest
  @ValueSource(strings = {"UTF-16", "UTF-16LE", "UTF-16BE", "UTF-32", "UTF-32LE", "UTF-32BE"})
  void refusesOtherUnicodeEncodingsWithAndWithoutByteOrderMark(String charset) {
    // Java's "UTF-16" writes a byte order mark by itself, the others do not.
    for (String text : List.of(BODY, "\uFEFF" + BODY)) {
      byte[] body = text.getBytes(Charset.forName(charset));
      String message = badRequest(body).getMessage();
      assertTrue(message.contains("JSON must be UTF-8") && message.contains("UTF-16 and UTF-32 are not accepted"),
          message);
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"ff", "80", "c0af", "c080", "eda080", "edbfbf", "e282", "f4908080", "f5", "fe"})
  void refusesBytesThatAreNotUtf8NamingTheOffset(String hex) {
    byte[] bad = HexFormat.of().parseHex(hex);
    for (String around : List.of("{\"topic\":\"t\",\"data\":\"%s\"}", "{\"topic\":\"t%s\"}", "%s{\"topic\":\"t\"}")) {
      int at = around.indexOf("%s");
      byte[] body = around.replace("%s", "\u0001").getBytes(UTF_8);
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      out.write(body, 0, at);
      out.writeBytes(bad);
      out.write(body, at + 1, body.length - at - 1);
      String message = badRequest(out.toByteArray()).getMessage();
      assertTrue(message.contains("byte " + at + " is not valid UTF-8"), message);
    }
  }

  @Test
  void refusesNulAnywhere() {
    assertTrue(badRequest("{\"topic\":\"t\"}\u0000".getBytes(UTF_8)).getMessage().contains("byte 13 is NUL"));
    assertTrue(badRequest(withData("\"a\u0000b\""))
        .getMessage().contains("is NUL"));
    assertTrue(badRequest(new byte[] {0}).getMessage().contains("byte 0 is NUL"));
  }

  @Test
  void keepsEscapedLoneSurrogatesInDataVerbatimAndRefusesThemInTopicAndType() throws Exception {
    String data = "\"\\ud800 \\udc00\\ud83d\"";
    assertArrayEquals(data.getBytes(UTF_8), parser.parse(withData(data)).drafts().get(0).data());
    assertTrue(badRequest("{\"topic\":\"t\\ud800\"}".getBytes(UTF_8)).getMessage().contains("topic may contain only"));
    assertTrue(badRequest("{\"topic\":\"t\",\"type\":\"a\\udc00\"}".getBytes(UTF_8)).getMessage()
        .contains("type may contain only"));
  }

  @Test
  void acceptsDataNestedToTheLimitAndRefusesOneLevelMoreInSingleAndBatchBodies() throws Exception {
    String deepest = "[".repeat(100) + "]".repeat(100);
    assertArrayEquals(deepest.getBytes(UTF_8), parser.parse(withData(deepest)).drafts().get(0).data());
    String tooDeep = "{\"a\":" + deepest + "}";
    for (String body : List.of("{\"topic\":\"t\",\"data\":" + tooDeep + "}",
        "[{\"topic\":\"t\"},{\"topic\":\"t\",\"data\":" + tooDeep + "}]")) {
      String message = badRequest(body.getBytes(UTF_8)).getMessage();
      assertTrue(message.contains("data nests arrays and objects deeper than 100 levels"), message);
    }
  }

  @Test
  void refusesAMegabyteOfOpeningBracketsWithoutExhaustingMemory() {
    byte[] body = withData("[".repeat((1 << 20) - 30));
    assertTrue(badRequest(body).getMessage().contains("deeper than 100 levels"));
    String unknown = badRequest(("{\"x\":" + "[".repeat((1 << 20) - 10)).getBytes(UTF_8)).getMessage();
    assertEquals("unknown field 'x' (expected topic, type, data)", unknown);
  }

  @Test
  void keepsLongNumbersVerbatimWithinTheDataLimit() throws Exception {
    for (String number : List.of("1".repeat(60_000), "-0." + "9".repeat(60_000) + "e-99999999999", "1e999999999")) {
      assertArrayEquals(number.getBytes(UTF_8), parser.parse(withData(number)).drafts().get(0).data());
    }
    ProblemException e = assertThrows(ProblemException.class,
        () -> parser.parse(withData("1".repeat(70_000))));
    assertEquals(Problem.Kind.TOO_LARGE, e.problem().kind(), e.getMessage());
  }

  @Test
  void refusesEveryTruncationOfAValidBatch() throws Exception {
    byte[] batch = ("[" + BODY + "," + BODY + "]").getBytes(UTF_8);
    assertEquals(2, parser.parse(batch).drafts().size());
    for (int length = 0; length < batch.length; length++) {
      badRequest(java.util.Arrays.copyOf(batch, length));
    }
  }

  /**
   * Thousands of mutated bodies: each gives a result whose fields obey the contract and whose
   * data is well-formed UTF-8 JSON, or a 400/413 with a message; no other exception escapes.
   */
  @Test
  void everyMutatedBodyGivesAResultOrARejection() {
    HostileBytes bodies = new HostileBytes(9, List.of(BODY, "[" + BODY + "," + BODY + "]",
        "{\"topic\":\"a\",\"data\":null}", "[{\"topic\":\"b\",\"type\":null,\"data\":\"x\\ny\\u00e9\"}]",
        "\uFEFF{\"data\":[{\"k\":{}},[],\"\"],\"topic\":\"c:d@e-f_g.h\"}", " { \"topic\" : \"t\" } "));
    ObjectMapper json = new ObjectMapper();
    int accepted = 0;
    int rejected = 0;
    for (int i = 0; i < 10_000; i++) {
      byte[] body = bodies.next();
      try {
        for (Draft draft : parser.parse(body).drafts()) {
          assertEquals(Optional.empty(), Validation.topicProblem(draft.topic()));
          assertEquals(Optional.empty(), Validation.typeProblem(draft.type()));
          json.readTree(draft.data());
        }
        accepted++;
      } catch (ProblemException e) {
        assertFalse(e.getMessage() == null || e.getMessage().isBlank());
        rejected++;
      } catch (Exception | Error e) {
        fail("body " + HexFormat.of().formatHex(body) + " gave " + e, e);
      }
    }
    System.out.println("MEASURED PublishParser: 10000 mutated bodies, " + accepted + " accepted, " + rejected
        + " rejected with a message, 0 other outcomes");
    assertTrue(accepted > 20 && rejected > 5_000, accepted + " accepted, " + rejected + " rejected");
  }
}
