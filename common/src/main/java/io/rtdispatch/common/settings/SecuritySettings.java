package io.rtdispatch.common.settings;

import com.typesafe.config.Config;

/**
 * Optional shared secrets ({@code rtd.security}); an empty value turns the check off, as in the
 * embedded default.
 *
 * @param publishToken bearer token the likes backend must send to {@code POST /publish}
 * @param internalToken bearer token every node sends on {@code /internal/*} and requires there
 */
public record SecuritySettings(String publishToken, String internalToken) {

  public static SecuritySettings from(Config config) {
    Config c = config.getConfig("rtd.security");
    return new SecuritySettings(c.getString("publish-token"), c.getString("internal-token"));
  }
}
