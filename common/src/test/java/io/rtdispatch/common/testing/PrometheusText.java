package io.rtdispatch.common.testing;

/** Reads values out of a Prometheus text exposition (what {@code GET /metrics} returns). */
public final class PrometheusText {

  private PrometheusText() {}

  /**
   * The sum of every series of {@code name} whose labels contain all of {@code labels}
   * (e.g. {@code "reason=\"queue-full\""}); 0 if there is none.
   */
  public static double value(String text, String name, String... labels) {
    double sum = 0;
    for (String line : text.split("\n")) {
      if (line.startsWith("#") || !(line.startsWith(name + "{") || line.startsWith(name + " "))) {
        continue;
      }
      boolean matches = true;
      for (String label : labels) {
        matches &= line.contains(label);
      }
      if (matches) {
        sum += Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
      }
    }
    return sum;
  }
}
