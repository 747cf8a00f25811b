package io.rtdispatch.common.settings;

import com.typesafe.config.Config;

/**
 * Optional shared secrets ({@code rtd.security}), the only place they are read from the
 * configuration; an empty value turns the check off, as in the embedded default.
 *
 * @param publishToken bearer token the likes backend must send to {@code POST /publish}
 * @param internalToken bearer token every node sends on {@code /internal/*} and requires there
 * @param peerToken bearer token dispatchers send to and require from peer data centers
 *     ({@code rtd.security.peer-token}; when that is empty, the internal token)
 */
public record SecuritySettings(String publishToken, String internalToken, String peerToken) {

  public static SecuritySettings from(Config config) {
    Config c = config.getConfig("rtd.security");
    String peerToken = c.getString("peer-token");
    String internalToken = c.getString("internal-token");
    return new SecuritySettings(c.getString("publish-token"), internalToken,
        peerToken.isEmpty() ? internalToken : peerToken);
  }
}
