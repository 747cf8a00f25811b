package io.rtdispatch.loadtest.stats;

import java.nio.ByteBuffer;
import java.util.Base64;
import java.util.zip.DataFormatException;
import org.HdrHistogram.Histogram;

/**
 * One histogram configuration for every duration the tool records (microseconds, 1 µs to 1 hour, 3 significant
 * digits), and a compact text encoding so worker processes can ship histograms as JSON strings.
 */
public final class Histograms {
  public static final long HIGHEST_MICROS = 3_600_000_000L;

  private Histograms() {
  }

  public static Histogram newMicros() {
    return new Histogram(1, HIGHEST_MICROS, 3);
  }

  /** Records a value, clamped to the trackable range. */
  public static void record(Histogram histogram, long micros) {
    histogram.recordValue(Math.max(1, Math.min(micros, HIGHEST_MICROS)));
  }

  public static String encode(Histogram histogram) {
    ByteBuffer buffer = ByteBuffer.allocate(histogram.getNeededByteBufferCapacity());
    int length = histogram.encodeIntoCompressedByteBuffer(buffer);
    return Base64.getEncoder().encodeToString(java.util.Arrays.copyOf(buffer.array(), length));
  }

  public static Histogram decode(String text) {
    if (text == null || text.isEmpty()) {
      return newMicros();
    }
    try {
      Histogram h = Histogram.decodeFromCompressedByteBuffer(ByteBuffer.wrap(Base64.getDecoder().decode(text)), 1);
      Histogram copy = newMicros();
      copy.add(h);
      return copy;
    } catch (DataFormatException e) {
      throw new IllegalArgumentException("corrupt histogram from worker", e);
    }
  }
}
