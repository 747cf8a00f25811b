package io.rtdispatch.node;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/**
 * {@link FuzzTest}'s counts: answers by status and by port, how connections ended without an
 * answer, and the failures by kind; and the contract's shape of an error answer.
 */
final class FuzzTally {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final int SHOWN_BYTES = 300;

  private final LongAdder requests = new LongAdder();
  private final Map<String, LongAdder> byStatus = new ConcurrentHashMap<>();
  private final Map<String, LongAdder> byPort = new ConcurrentHashMap<>();
  private final Map<String, LongAdder> ends = new ConcurrentHashMap<>();
  private final Map<String, LongAdder> failures = new ConcurrentHashMap<>();

  void count(FuzzInputs.Case fuzz, FuzzWire.Outcome outcome) {
    requests.add(Math.max(1, fuzz.requests()));
    for (FuzzWire.Answer answer : outcome.answers()) {
      add(byStatus, Integer.toString(answer.status()));
      add(byPort, fuzz.port() + "." + answer.status() / 100 + "xx");
    }
    if (outcome.answers().isEmpty()) {
      String how = fuzz.mode() == FuzzInputs.Mode.ANSWERS ? "no-answer-" + fuzz.shape() : fuzz.mode().name().toLowerCase();
      add(ends, how + "-" + outcome.end());
    }
  }

  void failed(String problem) {
    add(failures, problem.startsWith("5xx") ? "5xx" : problem.startsWith("nonJson") ? "nonJson" : "other");
  }

  /** {@code requests=… by status {…} by port {…} without answer {…} 5xx=… nonJson=… other=…}. */
  String summary() {
    return "requests=" + requests.sum() + " by status " + sorted(byStatus) + " by port " + sorted(byPort)
        + " without answer " + sorted(ends) + " 5xx=" + sum(failures, "5xx") + " nonJson=" + sum(failures, "nonJson")
        + " otherFailures=" + sum(failures, "other");
  }

  /**
   * The contract's error: {@code application/json} with a non-blank {@code error} string (for a
   * HEAD request, whose answer has no body, the Content-Type alone).
   */
  static boolean isJsonError(FuzzWire.Answer answer, FuzzInputs.Case fuzz) {
    if (!answer.headers().getOrDefault("content-type", "").startsWith("application/json")) {
      return false;
    }
    if (answer.body().length == 0 && fuzz.bytes().length > 5 && new String(fuzz.bytes(), 0, 5).equals("HEAD ")) {
      return true;
    }
    try {
      JsonNode error = JSON.readTree(answer.body()).get("error");
      return error != null && error.isTextual() && !error.asText().isBlank();
    } catch (IOException e) {
      return false;
    }
  }

  /** The first bytes of {@code bytes}, printable ASCII as it is and the rest as \xNN. */
  static String escaped(byte[] bytes) {
    StringBuilder out = new StringBuilder();
    for (int i = 0; i < Math.min(bytes.length, SHOWN_BYTES); i++) {
      int b = bytes[i] & 0xFF;
      out.append(b >= 0x20 && b < 0x7F && b != '\\' ? Character.toString(b) : String.format("\\x%02x", b));
    }
    return out + (bytes.length > SHOWN_BYTES ? "…" : "");
  }

  private static void add(Map<String, LongAdder> counts, String key) {
    counts.computeIfAbsent(key, k -> new LongAdder()).increment();
  }

  private static long sum(Map<String, LongAdder> counts, String key) {
    LongAdder count = counts.get(key);
    return count == null ? 0 : count.sum();
  }

  private static Map<String, Long> sorted(Map<String, LongAdder> counts) {
    Map<String, Long> out = new TreeMap<>();
    counts.forEach((key, count) -> out.put(key, count.sum()));
    return out;
  }
}
