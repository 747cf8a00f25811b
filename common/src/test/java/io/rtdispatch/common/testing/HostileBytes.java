package io.rtdispatch.common.testing;

import static java.nio.charset.StandardCharsets.UTF_8;

import java.io.ByteArrayOutputStream;
import java.nio.charset.Charset;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

/**
 * Byte sequences for property tests of parsers: valid seed bodies, mutated a few times each by
 * the kinds of damage parsers have failed on (bit flips, bytes that are not UTF-8, NUL, lone and
 * encoded surrogates, byte order marks, other Unicode encodings, deep nesting, long numbers,
 * truncation, deletion, splicing). Deterministic for a given seed, so a failure can be replayed.
 */
public final class HostileBytes {

  private static final byte[] SINGLE_BYTES = {0x00, 0x01, 0x1F, 0x7F, (byte) 0x80, (byte) 0xBF, (byte) 0xC0,
      (byte) 0xC1, (byte) 0xE0, (byte) 0xED, (byte) 0xF4, (byte) 0xF5, (byte) 0xFE, (byte) 0xFF, '"', '\\', '{', '}',
      '[', ']', ',', ':', 'u', '0', '-', '+', '.', 'e', 'E', '\n', '\r', '\t', ' ', 'n', 't', 'f'};

  private static final List<byte[]> SNIPPETS = List.of(
      ascii("\\ud800"), ascii("\\udc00\\ud800"), ascii("\\u0000"), ascii("\\u12"), ascii("\\x"),
      "\uD83D\uDE00\u00e9\u2028".getBytes(UTF_8),
      bytes(0xED, 0xA0, 0x80), bytes(0xC0, 0x80), bytes(0xC0, 0xAF), bytes(0xE2, 0x82), bytes(0xF4, 0x90, 0x80, 0x80),
      bytes(0xEF, 0xBB, 0xBF), bytes(0xFE, 0xFF), bytes(0xFF, 0xFE, 0x00, 0x00),
      ascii("1e999999999"), ascii("-0.0e-0"), ascii("1".repeat(3000)), ascii("0." + "9".repeat(2000)),
      ascii("[".repeat(500)), ascii("{\"a\":".repeat(300)), ascii("]".repeat(20)),
      ascii("null"), ascii("true"), ascii("\"topic\":\"t\""), ascii("\"data\":"), ascii("\"type\":null"),
      ascii("\"connectionId\":\"c\""), ascii("/* c */"), ascii("'t'"), ascii("NaN"), ascii("Infinity"));

  private static final List<Charset> OTHER_ENCODINGS = List.of(Charset.forName("UTF-16"),
      Charset.forName("UTF-16LE"), Charset.forName("UTF-16BE"), Charset.forName("UTF-32"),
      Charset.forName("UTF-32LE"), Charset.forName("UTF-32BE"));

  private final Random random;
  private final List<byte[]> seeds;

  /** @param seeds valid bodies to start from, encoded as UTF-8 */
  public HostileBytes(long seed, List<String> seeds) {
    this.random = new Random(seed);
    this.seeds = seeds.stream().map(s -> s.getBytes(UTF_8)).toList();
  }

  /** A seed body mutated one to eight times. */
  public byte[] next() {
    byte[] body = pick(seeds);
    int mutations = 1 + random.nextInt(8);
    for (int i = 0; i < mutations; i++) {
      body = mutate(body);
    }
    return body;
  }

  private byte[] mutate(byte[] body) {
    int at = body.length == 0 ? 0 : random.nextInt(body.length + 1);
    switch (random.nextInt(9)) {
      case 0 -> {
        if (at < body.length) {
          body = body.clone();
          body[at] ^= (byte) (1 << random.nextInt(8));
        }
      }
      case 1 -> {
        if (at < body.length) {
          body = body.clone();
          body[at] = SINGLE_BYTES[random.nextInt(SINGLE_BYTES.length)];
        }
      }
      case 2 -> body = insert(body, at, pick(SNIPPETS));
      case 3 -> body = Arrays.copyOf(body, at);
      case 4 -> body = delete(body, at, random.nextInt(16));
      case 5 -> body = insert(body, at, Arrays.copyOfRange(body, at, Math.min(body.length, at + random.nextInt(32))));
      case 6 -> {
        byte[] other = pick(seeds);
        body = insert(Arrays.copyOf(body, at), at, Arrays.copyOfRange(other, random.nextInt(other.length + 1),
            other.length));
      }
      case 7 -> body = new String(body, UTF_8).getBytes(pick(OTHER_ENCODINGS));
      default -> body = insert(body, at, bytes(SINGLE_BYTES[random.nextInt(SINGLE_BYTES.length)]));
    }
    return body;
  }

  private <T> T pick(List<T> from) {
    return from.get(random.nextInt(from.size()));
  }

  private static byte[] insert(byte[] body, int at, byte[] piece) {
    ByteArrayOutputStream out = new ByteArrayOutputStream(body.length + piece.length);
    out.write(body, 0, at);
    out.write(piece, 0, piece.length);
    out.write(body, at, body.length - at);
    return out.toByteArray();
  }

  private static byte[] delete(byte[] body, int at, int count) {
    int end = Math.min(body.length, at + count);
    byte[] out = new byte[body.length - (end - at)];
    System.arraycopy(body, 0, out, 0, at);
    System.arraycopy(body, end, out, at, body.length - end);
    return out;
  }

  private static byte[] ascii(String s) {
    return s.getBytes(UTF_8);
  }

  private static byte[] bytes(int... values) {
    byte[] out = new byte[values.length];
    for (int i = 0; i < values.length; i++) {
      out[i] = (byte) values[i];
    }
    return out;
  }
}
