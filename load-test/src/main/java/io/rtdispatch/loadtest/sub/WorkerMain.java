package io.rtdispatch.loadtest.sub;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

/**
 * Entry point of a worker process: a {@link LocalFleet} remote-controlled over stdin/stdout, one JSON object per
 * line. The first line is the {@link FleetConfig}; each later line is {@code {"op":...}} and gets exactly one reply
 * line {@code {"ok":true,"result":...}} or {@code {"ok":false,"error":"..."}}. Pipes rather than a socket: nothing to
 * allocate or secure, and the worker exits by itself when the coordinator dies (stdin closes).
 */
public final class WorkerMain {
  private WorkerMain() {
  }

  public static void main(String[] args) throws Exception {
    ObjectMapper json = new ObjectMapper();
    PrintStream out = new PrintStream(new java.io.FileOutputStream(java.io.FileDescriptor.out), false,
        StandardCharsets.UTF_8);
    System.setOut(System.err);
    BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
    String first = in.readLine();
    if (first == null) {
      return;
    }
    FleetConfig config = json.readValue(first, FleetConfig.class);
    try (LocalFleet fleet = new LocalFleet(config, true)) {
      String line;
      while ((line = in.readLine()) != null) {
        JsonNode command = json.readTree(line);
        String op = command.path("op").asText();
        ObjectNode reply = json.createObjectNode();
        try {
          Object result = execute(fleet, op, command);
          reply.put("ok", true);
          reply.set("result", json.valueToTree(result));
        } catch (RuntimeException e) {
          reply.put("ok", false);
          reply.put("error", String.valueOf(e));
        }
        out.println(json.writeValueAsString(reply));
        out.flush();
        if (op.equals("finish")) {
          return;
        }
      }
    }
  }

  private static Object execute(LocalFleet fleet, String op, JsonNode command) {
    return switch (op) {
      case "start" -> {
        fleet.start();
        yield true;
      }
      case "ping" -> true;
      case "connectPhaseDone" -> fleet.connectPhaseDone();
      case "snapshot" -> fleet.snapshot();
      case "pendingTopics" -> fleet.pendingTopics();
      case "markMeasureStart" -> fleet.markMeasureStart();
      case "storm" -> fleet.storm(command.path("fraction").asDouble(1.0));
      case "finish" -> fleet.finish();
      default -> throw new IllegalArgumentException("unknown op " + op);
    };
  }
}
