package io.rtdispatch.common.registry;

import akka.cluster.UniqueAddress;

/**
 * A node's id in the registry: its cluster UID in base 36, new for every incarnation, so a frontend that restarts on
 * the same host and port never receives events meant for its previous life.
 */
public final class Binding {

  private Binding() {}

  public static String nodeId(UniqueAddress address) {
    return Long.toUnsignedString(address.longUid(), 36);
  }
}
