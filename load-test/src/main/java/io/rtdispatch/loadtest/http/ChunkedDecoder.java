package io.rtdispatch.loadtest.http;

/**
 * Incremental decoder for HTTP/1.1 {@code Transfer-Encoding: chunked} bodies.
 *
 * <p>Hands payload slices to a sink without copying them, so a chunk split across socket reads costs nothing extra;
 * the only state kept between reads is the parse position (size digits, remaining payload, line ends). Chunk
 * extensions and trailers are skipped. Bare LF line ends are accepted because some servers emit them.
 */
public final class ChunkedDecoder {
  private enum State { SIZE, EXTENSION, SIZE_LF, DATA, DATA_CR, DATA_LF, TRAILER_LINE_START, TRAILER_LINE, DONE }

  private State state = State.SIZE;
  private long remaining;
  private int sizeDigits;

  /**
   * Decodes the next slice of the raw body.
   *
   * @return bytes consumed; less than {@code length} only when the body ended (the rest belongs to the next message)
   * @throws HttpProtocolException on a malformed chunk header or delimiter
   */
  public int decode(byte[] bytes, int offset, int length, ByteSink sink) {
    int end = offset + length;
    int i = offset;
    while (i < end && state != State.DONE) {
      byte b = bytes[i];
      switch (state) {
        case SIZE -> {
          int digit = Character.digit(b, 16);
          if (digit >= 0) {
            if (++sizeDigits > 15) {
              throw new HttpProtocolException("chunk size too long");
            }
            remaining = remaining * 16 + digit;
          } else if (sizeDigits == 0) {
            throw new HttpProtocolException("expected a hex chunk size, got byte " + (b & 0xff));
          } else if (b == ';' || b == ' ' || b == '\t') {
            state = State.EXTENSION;
          } else if (b == '\r') {
            state = State.SIZE_LF;
          } else if (b == '\n') {
            endOfSizeLine();
          } else {
            throw new HttpProtocolException("bad byte in chunk size: " + (b & 0xff));
          }
          i++;
        }
        case EXTENSION -> {
          if (b == '\n') {
            endOfSizeLine();
          } else if (b == '\r') {
            state = State.SIZE_LF;
          }
          i++;
        }
        case SIZE_LF -> {
          expect(b, '\n', "after chunk size");
          endOfSizeLine();
          i++;
        }
        case DATA -> {
          int n = (int) Math.min(remaining, end - i);
          sink.accept(bytes, i, n);
          remaining -= n;
          i += n;
          if (remaining == 0) {
            state = State.DATA_CR;
          }
        }
        case DATA_CR -> {
          if (b == '\r') {
            state = State.DATA_LF;
          } else {
            expect(b, '\n', "after chunk data");
            state = State.SIZE;
          }
          i++;
        }
        case DATA_LF -> {
          expect(b, '\n', "after chunk data");
          state = State.SIZE;
          i++;
        }
        case TRAILER_LINE_START -> {
          if (b == '\n') {
            state = State.DONE;
          } else if (b != '\r') {
            state = State.TRAILER_LINE;
          }
          i++;
        }
        case TRAILER_LINE -> {
          if (b == '\n') {
            state = State.TRAILER_LINE_START;
          }
          i++;
        }
        default -> throw new IllegalStateException(state.name());
      }
    }
    return i - offset;
  }

  /** True once the terminating zero-size chunk and the trailers were read. */
  public boolean isDone() {
    return state == State.DONE;
  }

  private void endOfSizeLine() {
    sizeDigits = 0;
    if (remaining == 0) {
      state = State.TRAILER_LINE_START;
    } else {
      state = State.DATA;
    }
  }

  private static void expect(byte actual, char wanted, String where) {
    if (actual != wanted) {
      throw new HttpProtocolException("expected " + (wanted == '\n' ? "LF" : "CR") + " " + where
          + ", got byte " + (actual & 0xff));
    }
  }
}
