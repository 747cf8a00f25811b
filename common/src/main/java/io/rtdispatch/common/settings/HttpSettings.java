package io.rtdispatch.common.settings;

import com.typesafe.config.Config;

/** Where one role's HTTP server listens. Port 0 picks a free port (tests). */
public record HttpSettings(String interfaceName, int port) {

  public static HttpSettings from(Config config, String path) {
    Config c = config.getConfig(path);
    int port = c.getInt("port");
    if (port < 0 || port > 65535) {
      throw new IllegalArgumentException(path + ".port must be 0-65535, got " + port);
    }
    return new HttpSettings(c.getString("interface"), port);
  }
}
