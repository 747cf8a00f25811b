package io.rtdispatch.node;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.rtdispatch.tools.launch.NodeProcess;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Turns the services of {@code docker-compose.yml} into local processes, changing only what
 * container networking provides: each service gets its own loopback address (127.0.0.20, .21, …)
 * in place of its hostname, binds there instead of 0.0.0.0, and every container port is shifted
 * by one free offset. The command is the service's {@code command} or the Dockerfile's
 * {@code CMD}, with {@code /app/rtd-node.jar} or {@code /app/rtd-tools.jar} replaced by this build's class path. Services of a
 * profile (Prometheus and Grafana) are not part of it.
 */
final class ComposeServices {

  static final Path ROOT = Path.of("..").toAbsolutePath().normalize();
  private static final String IMAGE_JAR = "/app/rtd-node.jar";
  /** The image's other jar, run by the publisher service with {@code -cp}. */
  private static final String IMAGE_TOOLS_JAR = "/app/rtd-tools.jar";
  private static final String JAR_MAIN_CLASS = "io.rtdispatch.node.Main";
  private static final Map<String, String> DEFAULT_PORTS =
      Map.of("RTD_CLUSTER_PORT", "2551", "RTD_FRONTEND_PORT", "8080", "RTD_DISPATCHER_PORT", "8081",
          "RTD_INTERNAL_PORT", "8082");
  private static final List<Integer> CONTAINER_PORTS = List.of(2551, 8080, 8081, 8082);
  private static final Pattern CMD = Pattern.compile("^CMD\\s+(\\[.*])\\s*$", Pattern.MULTILINE);

  /**
   * One compose service as a local process.
   *
   * @param restart the service's {@code restart} policy, "" if it has none
   */
  record Service(String name, String ip, int offset, Map<String, String> environment, String restart,
      NodeProcess process) {

    String dataCenter() {
      return environment.getOrDefault("RTD_DATA_CENTER", "");
    }

    InetSocketAddress frontend() {
      return new InetSocketAddress(ip, Integer.parseInt(environment.get("RTD_FRONTEND_PORT")));
    }

    InetSocketAddress dispatcher() {
      return new InetSocketAddress(ip, Integer.parseInt(environment.get("RTD_DISPATCHER_PORT")));
    }

    InetSocketAddress internal() {
      return new InetSocketAddress(ip, Integer.parseInt(environment.get("RTD_INTERNAL_PORT")));
    }
  }

  private ComposeServices() {}

  static Map<String, Service> load(Path logs) throws IOException {
    ObjectMapper yaml = new ObjectMapper(new YAMLFactory());
    JsonNode services = yaml.readTree(ROOT.resolve("docker-compose.yml").toFile()).get("services");
    List<String> defaultCommand = dockerfileCommand(ROOT.resolve("Dockerfile"));
    List<String> names = new ArrayList<>();
    // What `docker compose up` starts: services of an opt-in profile (monitoring) are left out.
    services.fields().forEachRemaining(e -> {
      if (!e.getValue().has("profiles")) {
        names.add(e.getKey());
      }
    });
    Map<String, String> ips = new LinkedHashMap<>();
    for (int i = 0; i < names.size(); i++) {
      ips.put(names.get(i), "127.0.0." + (20 + i));
    }
    int offset = freeOffset(ips.values());
    Map<String, Service> result = new LinkedHashMap<>();
    for (String name : names) {
      JsonNode service = services.get(name);
      String ip = ips.get(name);
      Map<String, String> env = new LinkedHashMap<>();
      for (Iterator<Map.Entry<String, JsonNode>> it = service.path("environment").fields(); it.hasNext(); ) {
        Map.Entry<String, JsonNode> e = it.next();
        env.put(e.getKey(), rewrite(e.getValue().asText(), ips, offset));
      }
      // Every container port shifts by the offset, defaults included (the image's 2551, 8080, 8081, 8082).
      DEFAULT_PORTS.forEach((key, port) ->
          env.put(key, Integer.toString(Integer.parseInt(env.getOrDefault(key, port)) + offset)));
      // What a container's own network interface would give it.
      env.put("RTD_FRONTEND_INTERFACE", ip);
      env.put("RTD_DISPATCHER_INTERFACE", ip);
      env.computeIfPresent("RTD_CLUSTER_BIND_HOST", (k, v) -> ip);
      List<String> command = new ArrayList<>();
      if (service.has("command")) {
        service.get("command").forEach(arg -> command.add(rewrite(arg.asText(), ips, offset)));
      } else {
        command.addAll(defaultCommand);
      }
      URI ready = null;
      if (env.containsKey("RTD_ROLES")) {
        String port = env.get("RTD_ROLES").contains("frontend") ? env.get("RTD_FRONTEND_PORT") : env.get("RTD_DISPATCHER_PORT");
        ready = URI.create("http://" + ip + ":" + port + "/ready");
      }
      result.put(name, new Service(name, ip, offset, env, service.path("restart").asText(""),
          new NodeProcess(name, local(command), env, ready, logs)));
    }
    return result;
  }

  /** The image's command: the last {@code CMD [...]} of the Dockerfile. */
  static List<String> dockerfileCommand(Path dockerfile) throws IOException {
    Matcher m = CMD.matcher(Files.readString(dockerfile));
    String last = null;
    while (m.find()) {
      last = m.group(1);
    }
    if (last == null) {
      throw new IllegalStateException("the Dockerfile has no CMD [...]");
    }
    List<String> command = new ArrayList<>();
    new ObjectMapper().readTree(last).forEach(arg -> command.add(arg.asText()));
    return command;
  }

  /** The container's {@code java} command line, run with this build's class path instead of the image's jar. */
  static List<String> local(List<String> command) {
    if (command.isEmpty() || !command.get(0).equals("java")) {
      throw new IllegalArgumentException("expected a java command, got " + command);
    }
    List<String> options = new ArrayList<>(LocalProcesses.JVM);
    String main = null;
    List<String> args = new ArrayList<>();
    for (int i = 1; i < command.size(); i++) {
      String arg = command.get(i);
      if (main != null) {
        args.add(arg);
      } else if (arg.equals("-jar") && command.get(i + 1).equals(IMAGE_JAR)) {
        main = JAR_MAIN_CLASS;
        i++;
      } else if ((arg.equals("-cp") || arg.equals("-classpath"))
          && List.of(IMAGE_JAR, IMAGE_TOOLS_JAR).contains(command.get(i + 1))) {
        main = command.get(i + 2);
        i += 2;
      } else if (arg.startsWith("-")) {
        if (arg.matches("-XX:\\+Use\\w+GC")) {
          options.removeIf(option -> option.matches("-XX:\\+Use\\w+GC")); // the image's collector wins
        }
        options.add(arg);
      } else {
        throw new IllegalArgumentException("unexpected argument " + arg + " in " + command);
      }
    }
    if (main == null) {
      throw new IllegalArgumentException("the command does not run " + IMAGE_JAR + ": " + command);
    }
    return NodeProcess.java(options, main, args.toArray(new String[0]));
  }

  private static String rewrite(String value, Map<String, String> ips, int offset) {
    String result = value;
    for (Map.Entry<String, String> service : ips.entrySet()) {
      Matcher hostPort = Pattern.compile("\\b" + Pattern.quote(service.getKey()) + ":(\\d+)").matcher(result);
      StringBuilder sb = new StringBuilder();
      while (hostPort.find()) {
        hostPort.appendReplacement(sb, service.getValue() + ":" + (Integer.parseInt(hostPort.group(1)) + offset));
      }
      hostPort.appendTail(sb);
      result = sb.toString();
      if (result.equals(service.getKey())) {
        result = service.getValue();
      }
    }
    return result;
  }

  private static int freeOffset(Iterable<String> ips) throws IOException {
    for (int attempt = 0; attempt < 50; attempt++) {
      int offset = ThreadLocalRandom.current().nextInt(10, 300) * 100;
      boolean free = true;
      for (String ip : ips) {
        for (int port : CONTAINER_PORTS) {
          free &= LocalProcesses.bindable(ip, port + offset);
        }
      }
      if (free) {
        return offset;
      }
    }
    throw new IOException("no free port offset for the compose services");
  }
}
