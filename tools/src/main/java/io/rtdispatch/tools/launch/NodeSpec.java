package io.rtdispatch.tools.launch;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One node of a local topology: its name, data center, roles and ports, and the environment that
 * configures it (the same RTD_* variables a container gets).
 *
 * @param frontendPort 0 if the node is not a frontend
 * @param dispatcherPort 0 if the node is not a dispatcher
 * @param internalPort the node's internal port (node-to-node endpoints)
 */
public record NodeSpec(String name, String dataCenter, List<String> roles, String host, int clusterPort,
    int frontendPort, int dispatcherPort, int internalPort, List<String> seeds, Map<String, String> extraEnv) {

  public boolean frontend() {
    return roles.contains("frontend");
  }

  public boolean dispatcher() {
    return roles.contains("dispatcher");
  }

  public String frontendUrl() {
    return "http://" + host + ":" + frontendPort;
  }

  public String dispatcherUrl() {
    return "http://" + host + ":" + dispatcherPort;
  }

  /** Base URL of the node's internal port (peers' dispatchers are configured with it). */
  public String internalUrl() {
    return "http://" + host + ":" + internalPort;
  }

  /** The HTTP port that answers /ready for this node. */
  public int statusPort() {
    return frontend() ? frontendPort : dispatcherPort;
  }

  public Map<String, String> environment() {
    Map<String, String> env = new LinkedHashMap<>();
    env.put("RTD_NODE_NAME", name);
    env.put("RTD_ROLES", String.join(",", roles));
    env.put("RTD_DATA_CENTER", dataCenter);
    env.put("RTD_CLUSTER_HOST", host);
    env.put("RTD_CLUSTER_PORT", Integer.toString(clusterPort));
    env.put("RTD_SEED_NODES", String.join(",", seeds));
    if (frontend()) {
      env.put("RTD_FRONTEND_INTERFACE", host);
      env.put("RTD_FRONTEND_PORT", Integer.toString(frontendPort));
    }
    if (dispatcher()) {
      env.put("RTD_DISPATCHER_INTERFACE", host);
      env.put("RTD_DISPATCHER_PORT", Integer.toString(dispatcherPort));
    }
    env.put("RTD_INTERNAL_INTERFACE", host);
    env.put("RTD_INTERNAL_PORT", Integer.toString(internalPort));
    env.putAll(extraEnv);
    return env;
  }

  public NodeSpec withEnv(String key, String value) {
    Map<String, String> env = new LinkedHashMap<>(extraEnv);
    env.put(key, value);
    return new NodeSpec(name, dataCenter, roles, host, clusterPort, frontendPort, dispatcherPort, internalPort, seeds,
        env);
  }
}
