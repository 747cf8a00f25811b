package io.rtdispatch.loadtest.report;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * A CPU profile boiled down to where the time goes: method samples (Java Flight Recorder's
 * {@code jdk.ExecutionSample}) counted by the layer their innermost frame belongs to (Akka IO,
 * HTTP rendering, the streams interpreter, actor messaging, this project's code, …), by the
 * method on top of the stack, and by this project's methods anywhere on the stack.
 */
public final class JfrProfile {

  /** Layers, first match wins; a frame is "package.Class.method". */
  private static final List<String[]> LAYERS = List.of(
      new String[] {"akka.io.", "Akka IO (TCP connections, selector)"},
      new String[] {"akka.http.impl.engine.rendering", "HTTP response rendering"},
      new String[] {"akka.http.impl.engine.parsing", "HTTP request parsing"},
      new String[] {"akka.http.", "Akka HTTP (server, routing, client pool)"},
      new String[] {"akka.stream.impl.fusing.", "Akka Streams interpreter"},
      new String[] {"akka.stream.stage.", "Akka Streams interpreter"},
      new String[] {"akka.stream.", "Akka Streams boundaries (publishers, processors, materializer)"},
      new String[] {"akka.cluster.", "cluster membership and distributed data"},
      new String[] {"akka.actor.", "actor messaging and dispatch"},
      new String[] {"akka.dispatch.", "actor messaging and dispatch"},
      new String[] {"io.rtdispatch.", "this project's code"},
      new String[] {"com.fasterxml.jackson.", "JSON (Jackson)"},
      new String[] {"scala.", "Scala runtime and collections"},
      new String[] {"java.", "JDK"},
      new String[] {"jdk.", "JDK"},
      new String[] {"sun.", "JDK"});

  private final Map<String, Integer> byLayer = new TreeMap<>();
  private final Map<String, Integer> byTopFrame = new TreeMap<>();
  private final Map<String, Integer> ownInclusive = new TreeMap<>();
  private int samples;

  /** Adds one sample; {@code frames} run from the top of the stack (innermost) outwards. */
  public void add(List<String> frames) {
    if (frames.isEmpty()) {
      return;
    }
    samples++;
    byLayer.merge(layerOf(frames.get(0)), 1, Integer::sum);
    byTopFrame.merge(frames.get(0), 1, Integer::sum);
    frames.stream().filter(f -> f.startsWith("io.rtdispatch.")).distinct()
        .forEach(f -> ownInclusive.merge(f, 1, Integer::sum));
  }

  public int samples() {
    return samples;
  }

  public static String layerOf(String frame) {
    for (String[] layer : LAYERS) {
      if (frame.startsWith(layer[0])) {
        return layer[1];
      }
    }
    return "other";
  }

  /** Share of samples per layer, largest first. */
  public Map<String, Double> layers() {
    return shares(byLayer, Integer.MAX_VALUE);
  }

  public Map<String, Double> topFrames(int n) {
    return shares(byTopFrame, n);
  }

  /** This project's methods, by the share of samples they are on the stack of. */
  public Map<String, Double> ownMethods(int n) {
    return shares(ownInclusive, n);
  }

  private Map<String, Double> shares(Map<String, Integer> counts, int n) {
    Map<String, Double> result = new LinkedHashMap<>();
    counts.entrySet().stream().sorted(Map.Entry.<String, Integer>comparingByValue().reversed()).limit(n)
        .forEach(e -> result.put(e.getKey(), samples == 0 ? 0 : 100.0 * e.getValue() / samples));
    return result;
  }
}
