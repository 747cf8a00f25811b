package io.rtdispatch.common.registry;

import akka.cluster.UniqueAddress;

/**
 * A registry element: "this frontend node has subscribers for this topic", encoded as
 * {@code <nodeId>|<topic>}. '|' never occurs in a node id or a topic, so the split is exact.
 *
 * <p>A node id names one incarnation of a node (its cluster UID in base 36): a frontend that
 * restarts on the same host and port gets a new id, so bindings of its previous life never route
 * to it.
 */
public final class Binding {

  public static final char SEPARATOR = '|';

  private Binding() {}

  public static String nodeId(UniqueAddress address) {
    return Long.toUnsignedString(address.longUid(), 36);
  }

  public static String of(String nodeId, String topic) {
    return nodeId + SEPARATOR + topic;
  }

  /** Prefix shared by every binding of one node; {@code prefix + topic} is a binding. */
  public static String prefix(String nodeId) {
    return nodeId + SEPARATOR;
  }

  public static String nodeOf(String binding) {
    return binding.substring(0, binding.indexOf(SEPARATOR));
  }

  public static String topicOf(String binding) {
    return binding.substring(binding.indexOf(SEPARATOR) + 1);
  }
}
