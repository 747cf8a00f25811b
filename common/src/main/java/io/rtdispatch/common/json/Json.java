package io.rtdispatch.common.json;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonFactoryBuilder;
import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * The one Jackson setup of the project: a shared, thread-safe mapper for writing, and bounded,
 * UTF-8-only parsers for JSON that comes from the network.
 *
 * <p>Every factory here carries {@link StreamReadConstraints} (document size, nesting depth,
 * string, number and field name lengths), so no body can make a parser allocate without bound
 * or recurse deeply; field names stay canonicalized (Jackson's UTF-8 parser needs that), and a
 * body crafted for hash collisions in that table is refused too. A constraint that is exceeded raises
 * {@link com.fasterxml.jackson.core.exc.StreamConstraintsException}, a
 * {@link com.fasterxml.jackson.core.JsonProcessingException} like every syntax error.
 */
public final class Json {

  /**
   * Limits of a parser, all counted by Jackson as it reads.
   *
   * @param maxDocumentBytes longest document in bytes
   * @param maxDepth most arrays and objects open at once (the outermost counts 1)
   * @param maxValueChars longest string, number or field name, in characters
   */
  public record Limits(long maxDocumentBytes, int maxDepth, int maxValueChars) {

    /** For small request bodies of flat objects (subscription changes): 64 KiB, depth 16. */
    public static final Limits SMALL = new Limits(64 * 1024, 16, 64 * 1024);
  }

  /** Writes anything; reading with it is bounded by {@link Limits#SMALL}. */
  public static final ObjectMapper MAPPER = new ObjectMapper(factory(Limits.SMALL));

  private Json() {}

  /** Serializes small response bodies and records; failures here are programming errors. */
  public static byte[] bytes(Object value) {
    try {
      return MAPPER.writeValueAsBytes(value);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** A factory whose parsers enforce {@code limits}; build one per endpoint, at start-up. */
  public static JsonFactory factory(Limits limits) {
    return new JsonFactoryBuilder()
        .streamReadConstraints(StreamReadConstraints.builder()
            .maxDocumentLength(limits.maxDocumentBytes())
            .maxNestingDepth(limits.maxDepth())
            .maxStringLength(limits.maxValueChars())
            .maxNumberLength(limits.maxValueChars())
            .maxNameLength(limits.maxValueChars())
            .build())
        .build();
  }

  /**
   * A parser over a request body that must be JSON text as RFC 8259 §8.1 requires it: UTF-8,
   * optionally after a UTF-8 byte order mark (which Jackson skips; byte offsets stay indexes into
   * {@code body}). Any other byte sequence, UTF-16 and UTF-32 with or without a BOM included, is
   * refused before Jackson sees it: those hold bytes that are not UTF-8 (0xFE, 0xFF) or a NUL,
   * which JSON never allows unescaped. Checked up front, Jackson's encoding detection always
   * picks its UTF-8 parser, whose byte offsets callers may rely on.
   *
   * @throws JsonParseException naming the first offending byte's offset
   */
  public static JsonParser parser(JsonFactory factory, byte[] body) throws IOException {
    String problem = encodingError(body);
    if (problem != null) {
      throw new JsonParseException(null, problem + "; JSON must be UTF-8 (RFC 8259 section 8.1),"
          + " UTF-16 and UTF-32 are not accepted");
    }
    return factory.createParser(body);
  }

  /** Null if {@code body} is strictly valid UTF-8 without NUL bytes, else what is wrong and where. */
  private static String encodingError(byte[] body) {
    for (int i = 0; i < body.length; i++) {
      if (body[i] == 0) {
        return "byte " + i + " is NUL";
      }
    }
    CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder()
        .onMalformedInput(CodingErrorAction.REPORT)
        .onUnmappableCharacter(CodingErrorAction.REPORT);
    ByteBuffer in = ByteBuffer.wrap(body);
    CharBuffer out = CharBuffer.allocate(Math.min(body.length, 8192) + 1);
    CoderResult result;
    while ((result = decoder.decode(in, out.clear(), true)).isOverflow()) {
      // only validating: the decoded characters are dropped
    }
    return result.isError() ? "byte " + in.position() + " is not valid UTF-8" : null;
  }
}
