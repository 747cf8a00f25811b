package io.rtdispatch.common.registry;

import akka.cluster.ddata.Key;
import akka.cluster.ddata.LWWMap;
import akka.cluster.ddata.LWWMapKey;

/**
 * What the registry keeps in Distributed Data: only the frontends' HTTP endpoints, one small map node id → base URL
 * (one entry per frontend, far inside Distributed Data's documented ~100,000 top-level entries). Topics are not in
 * Distributed Data: see {@link RegistryProtocol}.
 */
public final class RegistryKeys {

  public static final Key<LWWMap<String, String>> ENDPOINTS = LWWMapKey.create("rtd-frontend-endpoints");

  private RegistryKeys() {}
}
