package io.rtdispatch.dispatcher.peers;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigValueType;
import io.rtdispatch.dispatcher.link.LinkSettings;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Peer data centers and how to reach them ({@code rtd.dispatcher.peers}, {@code peer-link}).
 *
 * <p>Peers are an object of data center → dispatcher URLs in HOCON, or one string in the
 * environment: {@code RTD_PEERS="dc-west=http://w1:8081|http://w2:8081;dc-north=http://n1:8081"}.
 *
 * @param peers each peer data center's dispatcher base URLs, tried in order
 * @param link queue, batching, concurrency and request timeout per peer
 * @param maxFailures failed batches in a row that open a peer's circuit breaker
 * @param resetTimeout how long an open breaker drops batches before trying the peer again
 * @param token bearer token sent to and required from peers ({@code SecuritySettings#peerToken}, read there)
 */
public record PeerSettings(Map<String, List<String>> peers, LinkSettings link, int maxFailures, Duration resetTimeout,
    String token) {

  /**
   * @param selfDataCenter this node's data center, which the peers must not name
   * @param token the peer token, as {@link io.rtdispatch.common.settings.SecuritySettings} read it
   * @throws IllegalArgumentException for a malformed peer list or one naming this data center
   */
  public static PeerSettings from(Config config, String selfDataCenter, String token, LinkSettings link) {
    Map<String, List<String>> peers = parsePeers(config, "rtd.dispatcher.peers");
    if (peers.containsKey(selfDataCenter)) {
      throw new IllegalArgumentException("rtd.dispatcher.peers (RTD_PEERS) lists this node's own data center '"
          + selfDataCenter + "'; a data center forwards only to the others");
    }
    Config breaker = config.getConfig("rtd.dispatcher.peer-link.circuit-breaker");
    return new PeerSettings(peers, link, breaker.getInt("max-failures"), breaker.getDuration("reset-timeout"), token);
  }

  static Map<String, List<String>> parsePeers(Config config, String path) {
    Map<String, List<String>> peers = new LinkedHashMap<>();
    if (config.getValue(path).valueType() == ConfigValueType.STRING) {
      for (String entry : config.getString(path).split(";")) {
        if (entry.isBlank()) {
          continue;
        }
        int eq = entry.indexOf('=');
        if (eq < 1) {
          throw new IllegalArgumentException(path + " (RTD_PEERS) entries look like dc-west=http://host:8081|http://host2:8081, got '"
              + entry.trim() + "'");
        }
        peers.put(entry.substring(0, eq).trim(), urls(path, List.of(entry.substring(eq + 1).split("\\|"))));
      }
    } else {
      Config object = config.getConfig(path);
      for (String dc : object.root().keySet()) {
        peers.put(dc, urls(path + "." + dc, object.getStringList("\"" + dc + "\"")));
      }
    }
    return peers;
  }

  private static List<String> urls(String path, List<String> raw) {
    List<String> urls = new ArrayList<>();
    for (String url : raw) {
      String u = url.trim();
      if (u.isEmpty()) {
        continue;
      }
      if (!u.startsWith("http://") && !u.startsWith("https://")) {
        throw new IllegalArgumentException(path + ": '" + u + "' is not an http(s) URL");
      }
      urls.add(u.endsWith("/") ? u.substring(0, u.length() - 1) : u);
    }
    if (urls.isEmpty()) {
      throw new IllegalArgumentException(path + ": a peer data center needs at least one dispatcher URL");
    }
    return List.copyOf(urls);
  }
}
