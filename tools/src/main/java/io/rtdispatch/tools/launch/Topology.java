package io.rtdispatch.tools.launch;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Lays out local data centers on one host: names, roles, ports and seed nodes for each node.
 *
 * <p>Data center {@code d} (0-based) uses frontend HTTP ports {@code base + 100d + i}, dispatcher
 * ports {@code base + 100d + 10 + j}, internal ports {@code base + 100d + 50 + k} and cluster
 * ports {@code clusterBase + 100d + k} (k counts the data center's nodes, frontends first); with
 * the defaults that is 8080, 8081, … for frontends, 8090, … for dispatchers, 8130, … internal and
 * 2551, … for the cluster in the first data center, 8180, 8190, 8230 and 2651 in the second. The
 * first frontend and the first dispatcher of each data center are its seed nodes. With several data
 * centers, every dispatcher forwards to the internal ports of the dispatchers of all the others
 * ({@code RTD_PEERS}).
 */
public final class Topology {

  /** How many of each role a data center gets. */
  public record DataCenter(String name, int frontends, int dispatchers) {
    public DataCenter {
      if (frontends < 0 || dispatchers < 0 || frontends + dispatchers == 0 || frontends > 10 || dispatchers > 10) {
        throw new IllegalArgumentException("data center " + name + ": 0-10 frontends and 0-10 dispatchers, at least one node");
      }
    }
  }

  private Topology() {}

  public static List<NodeSpec> layout(List<DataCenter> dataCenters, String host, int httpBase, int clusterBase) {
    List<String> dispatcherUrls = new ArrayList<>();
    for (int d = 0; d < dataCenters.size(); d++) {
      List<String> urls = new ArrayList<>();
      for (int j = 0; j < dataCenters.get(d).dispatchers(); j++) {
        urls.add("http://" + host + ":" + (httpBase + 100 * d + 50 + dataCenters.get(d).frontends() + j));
      }
      dispatcherUrls.add(dataCenters.get(d).name() + "=" + String.join("|", urls));
    }
    List<NodeSpec> nodes = new ArrayList<>();
    for (int d = 0; d < dataCenters.size(); d++) {
      DataCenter dc = dataCenters.get(d);
      int http = httpBase + 100 * d;
      int cluster = clusterBase + 100 * d;
      List<String> seeds = new ArrayList<>();
      if (dc.frontends() > 0) {
        seeds.add(host + ":" + cluster);
      }
      if (dc.dispatchers() > 0) {
        seeds.add(host + ":" + (cluster + dc.frontends()));
      }
      String publishUrl = dc.dispatchers() > 0 ? "http://" + host + ":" + (http + 10) + "/publish" : "";
      for (int i = 0; i < dc.frontends(); i++) {
        nodes.add(new NodeSpec(dc.name() + "-frontend-" + (i + 1), dc.name(), List.of("frontend"), host, cluster + i,
            http + i, 0, http + 50 + i, seeds, Map.of("RTD_DEMO_PUBLISH_URL", publishUrl)));
      }
      List<String> peers = new ArrayList<>(dispatcherUrls);
      peers.remove(d);
      peers.removeIf(peer -> peer.endsWith("="));
      Map<String, String> env = peers.isEmpty() ? Map.of() : Map.of("RTD_PEERS", String.join(";", peers));
      for (int j = 0; j < dc.dispatchers(); j++) {
        nodes.add(new NodeSpec(dc.name() + "-dispatcher-" + (j + 1), dc.name(), List.of("dispatcher"), host,
            cluster + dc.frontends() + j, 0, http + 10 + j, http + 50 + dc.frontends() + j, seeds, env));
      }
    }
    return nodes;
  }
}
