package io.rtdispatch.loadtest.sub;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JavaType;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A fleet in a child JVM started from this tool's own class path, so one process's file limit does not cap the
 * number of connections. Calls are synchronous request/reply over the child's stdin/stdout (see {@link WorkerMain}).
 */
public final class RemoteFleet implements Fleet {
  private static final ObjectMapper JSON = new ObjectMapper();
  private final Process process;
  private final Writer toWorker;
  private final BufferedReader fromWorker;

  public RemoteFleet(FleetConfig config, String maxHeap) {
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    ProcessBuilder builder = new ProcessBuilder(java, "-Xmx" + maxHeap, "-XX:+UseSerialGC", "-Xss512k",
        "-cp", System.getProperty("java.class.path"), WorkerMain.class.getName());
    builder.redirectError(ProcessBuilder.Redirect.INHERIT);
    try {
      process = builder.start();
      toWorker = new OutputStreamWriter(process.getOutputStream(), StandardCharsets.UTF_8);
      fromWorker = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
      toWorker.write(JSON.writeValueAsString(config) + "\n");
      toWorker.flush();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot start worker process", e);
    }
  }

  @Override
  public void awaitReady() {
    call("{\"op\":\"ping\"}", JSON.constructType(Boolean.class));
  }

  @Override
  public void start() {
    call("{\"op\":\"start\"}", JSON.constructType(Boolean.class));
  }

  @Override
  public boolean connectPhaseDone() {
    return call("{\"op\":\"connectPhaseDone\"}", JSON.constructType(Boolean.class));
  }

  @Override
  public FleetSnapshot snapshot() {
    return call("{\"op\":\"snapshot\"}", JSON.constructType(FleetSnapshot.class));
  }

  @Override
  public List<Integer> pendingTopics() {
    return call("{\"op\":\"pendingTopics\"}", JSON.getTypeFactory().constructType(new TypeReference<List<Integer>>() {
    }));
  }

  @Override
  public List<Integer> markMeasureStart() {
    return call("{\"op\":\"markMeasureStart\"}",
        JSON.getTypeFactory().constructType(new TypeReference<List<Integer>>() {
        }));
  }

  @Override
  public int storm(double fraction) {
    return call("{\"op\":\"storm\",\"fraction\":" + fraction + "}", JSON.constructType(Integer.class));
  }

  @Override
  public FleetResult finish() {
    return call("{\"op\":\"finish\"}", JSON.constructType(FleetResult.class));
  }

  @Override
  public void close() {
    try {
      toWorker.close();
    } catch (IOException ignored) {
      // the worker may already be gone
    }
    try {
      if (!process.waitFor(5, TimeUnit.SECONDS)) {
        process.destroy();
      }
    } catch (InterruptedException e) {
      process.destroy();
      Thread.currentThread().interrupt();
    }
  }

  private synchronized <T> T call(String command, JavaType type) {
    try {
      toWorker.write(command + "\n");
      toWorker.flush();
      String line = fromWorker.readLine();
      if (line == null) {
        throw new IllegalStateException("worker process " + process.pid() + " exited (see its stderr above)");
      }
      JsonNode reply = JSON.readTree(line);
      if (!reply.path("ok").asBoolean()) {
        throw new IllegalStateException("worker " + process.pid() + ": " + reply.path("error").asText());
      }
      return JSON.convertValue(reply.get("result"), type);
    } catch (IOException e) {
      throw new UncheckedIOException("worker process " + process.pid() + " unreachable", e);
    }
  }
}
