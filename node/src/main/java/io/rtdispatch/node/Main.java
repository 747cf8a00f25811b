package io.rtdispatch.node;

import com.typesafe.config.ConfigException;
import com.typesafe.config.ConfigFactory;
import java.net.InetSocketAddress;

/** Starts a node with the roles its configuration names; {@code java -jar rtd-node.jar}. */
public final class Main {

  private Main() {}

  public static void main(String[] args) {
    RtdNode node;
    try {
      node = RtdNode.start(ConfigFactory.empty());
    } catch (IllegalArgumentException | ConfigException e) {
      System.err.println("rtd-node: invalid configuration: " + e.getMessage());
      System.exit(2);
      return;
    } catch (Exception e) {
      System.err.println("rtd-node: " + e.getMessage());
      System.exit(1);
      return;
    }
    StringBuilder banner = new StringBuilder("\nrtd-node is running in data center '" + node.dataCenter() + "'\n");
    if (node.frontendAddress() != null) {
      banner.append("  frontend   ").append(url(node.frontendAddress())).append("/   (demo page; streams at /connect)\n");
    }
    if (node.dispatcherAddress() != null) {
      banner.append("  dispatcher ").append(url(node.dispatcherAddress())).append("/publish\n");
    }
    banner.append("Stop with Ctrl-C (graceful: unregisters topics and ends streams first).\n");
    System.out.println(banner);
    node.system().getWhenTerminated().toCompletableFuture().join();
  }

  private static String url(InetSocketAddress address) {
    String host = address.getAddress().isAnyLocalAddress() ? "localhost" : address.getHostString();
    return "http://" + host + ":" + address.getPort();
  }
}
