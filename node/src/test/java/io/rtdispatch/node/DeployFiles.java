package io.rtdispatch.node;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigResolveOptions;
import java.io.IOException;
import java.io.InputStream;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Reads the deployment files (docker-compose.yml, Dockerfile, deploy/) and what the node makes of
 * the environment they set, for the tests that keep those files honest.
 */
final class DeployFiles {

  static final Path ROOT = ComposeServices.ROOT;
  static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
  private static final Pattern CONF_VARIABLE = Pattern.compile("\\$\\{\\?(RTD_[A-Z0-9_]+)}");
  private static final Pattern LOGBACK_VARIABLE = Pattern.compile("\\$\\{(RTD_[A-Z0-9_]+)");

  private DeployFiles() {}

  /** Every document of every {@code *.yaml} file directly under {@code dir}, in file name order. */
  static List<JsonNode> yamlDocuments(Path dir) throws IOException {
    List<Path> files;
    try (Stream<Path> list = Files.list(dir)) {
      files = list.filter(p -> p.toString().endsWith(".yaml")).sorted().toList();
    }
    List<JsonNode> docs = new ArrayList<>();
    for (Path file : files) {
      YAML.readerFor(JsonNode.class).readValues(file.toFile()).forEachRemaining(doc -> {
        if (doc != null && !((JsonNode) doc).isNull()) {
          docs.add((JsonNode) doc);
        }
      });
    }
    return docs;
  }

  /**
   * The {@code RTD_*} variables the node reads: the {@code ${?RTD_...}} substitutions of every
   * {@code reference.conf} and of {@code rtd-node.conf} on the class path, and the variables of
   * {@code logback.xml} (RTD_NODE_NAME, RTD_LOG_LEVEL).
   */
  static Set<String> knownVariables() throws IOException {
    TreeSet<String> names = new TreeSet<>();
    for (String resource : List.of("reference.conf", "rtd-node.conf", "logback.xml")) {
      Pattern pattern = resource.endsWith(".xml") ? LOGBACK_VARIABLE : CONF_VARIABLE;
      for (URL url : Collections.list(DeployFiles.class.getClassLoader().getResources(resource))) {
        try (InputStream in = url.openStream()) {
          Matcher m = pattern.matcher(new String(in.readAllBytes(), StandardCharsets.UTF_8));
          while (m.find()) {
            names.add(m.group(1));
          }
        }
      }
    }
    return names;
  }

  /**
   * The node's configuration as a process with exactly {@code environment} would load it (this
   * JVM's own environment ignored): rtd-node.conf over every reference.conf, {@code ${?RTD_...}}
   * taken from {@code environment}.
   */
  static Config configUnder(Map<String, String> environment) {
    return ConfigFactory.parseMap(environment)
        .withFallback(ConfigFactory.parseResources("rtd-node.conf"))
        .withFallback(ConfigFactory.parseResources("reference.conf"))
        .resolve(ConfigResolveOptions.noSystem());
  }

  /** The port the node with {@code environment} serves {@code /ready} (and /health, /metrics) on: the image's health check's choice. */
  static int statusPort(Map<String, String> environment) {
    return ReadyCheck.readyUri(configUnder(environment)).getPort();
  }
}
