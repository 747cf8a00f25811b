package io.rtdispatch.node;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import io.rtdispatch.common.registry.RegistrySettings;
import io.rtdispatch.common.settings.SecuritySettings;
import io.rtdispatch.dispatcher.DispatcherSettings;
import io.rtdispatch.frontend.FrontendSettings;

/**
 * All of a node's configuration, loaded and checked before anything starts, so a bad value stops
 * the process with one clear message instead of a half-started node.
 *
 * <p>Precedence, highest first: JVM system properties, the given overrides, {@code
 * application.conf}, {@code rtd-node.conf} (this module's Akka settings), every module's
 * {@code reference.conf}. Environment variables ({@code RTD_...}) enter through the
 * {@code ${?RTD_...}} substitutions of the last two.
 */
record NodeConfig(Config config, NodeSettings node, FrontendSettings frontend, DispatcherSettings dispatcher,
    RegistrySettings topicRegistry, SecuritySettings security, InternalPort internal) {

  static NodeConfig load(Config overrides) {
    Config loaded = layered(overrides);
    NodeSettings node = NodeSettings.from(loaded);
    Config config = node.akkaOverrides(loaded).withFallback(loaded);
    SecuritySettings security = SecuritySettings.from(config);
    return new NodeConfig(config, node,
        node.frontend() ? FrontendSettings.from(config) : null,
        node.dispatcher() ? DispatcherSettings.from(config, node.dataCenter(), security) : null,
        RegistrySettings.from(config),
        security,
        InternalPort.from(config)).checked();
  }

  /** The node's configuration in the precedence above, resolved but not checked. */
  static Config layered(Config overrides) {
    return ConfigFactory.load(overrides
        .withFallback(ConfigFactory.parseResourcesAnySyntax("application"))
        .withFallback(ConfigFactory.parseResources("rtd-node.conf")));
  }

  private NodeConfig checked() {
    internal.checkTokens(security);
    return this;
  }

  /** Largest batch the internal port takes: the biggest of the node's roles' limits. */
  long maxInternalBodyBytes() {
    return Math.max(frontend == null ? 0 : frontend.maxDeliverBytes(), dispatcher == null ? 0 : dispatcher.maxPeerBatchBytes());
  }
}
