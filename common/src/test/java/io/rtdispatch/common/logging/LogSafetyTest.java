package io.rtdispatch.common.logging;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** Client bytes cannot act on a terminal through a log line; repeated warnings are counted, not logged. */
class LogSafetyTest {

  @Test
  void controlCharactersLineBreaksAndBidiOverridesAreEscapedAndLongValuesCut() {
    String hostile = "a\u001b[31mred\r\nFAKE LOG LINE\u202e\u0085\ud800x";
    String safe = LogSafe.text(hostile);
    assertEquals("a\\u001b[31mred\\r\\nFAKE LOG LINE\\u202e\\u0085\\ud800x", safe);
    assertTrue(safe.chars().allMatch(c -> c >= 0x20 && c < 0x7f), safe);
    assertEquals("live:42 ünïcode 😀", LogSafe.text("live:42 ünïcode 😀"), "printable text stays as it is");
    String cut = LogSafe.text("x".repeat(10_000));
    assertEquals("x".repeat(LogSafe.MAX_VALUE_CHARS) + "…(+" + (10_000 - LogSafe.MAX_VALUE_CHARS) + " chars)", cut);
    assertEquals("null", LogSafe.text(null));
  }

  @Test
  void aFingerprintIsShortStableAndNotTheSecret() {
    String id = "k3j4h5g6f7d8s9a0";
    assertEquals(LogSafe.fingerprint(id), LogSafe.fingerprint(id));
    assertEquals(9, LogSafe.fingerprint(id).length());
    assertFalse(LogSafe.fingerprint(id).contains(id.substring(0, 4)));
    assertNotEquals(LogSafe.fingerprint(id), LogSafe.fingerprint(id + "x"));
  }

  @Test
  void oneWarningPerKindPerIntervalThenTheCountOfThoseLeftOut() {
    AtomicLong now = new AtomicLong();
    RepeatedWarnings warnings = new RepeatedWarnings(Duration.ofSeconds(60), now::get);
    assertEquals(0, warnings.admit("slow-reader"));
    for (int i = 0; i < 1000; i++) {
      assertEquals(-1, warnings.admit("slow-reader"));
    }
    assertEquals(0, warnings.admit("peer-down"), "another kind is not held back");
    now.addAndGet(Duration.ofSeconds(61).toNanos());
    assertEquals(1000, warnings.admit("slow-reader"), "the next one logged says how many were left out");
    assertEquals(-1, warnings.admit("slow-reader"));
  }
}
