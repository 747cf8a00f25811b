package io.rtdispatch.common.settings;

import com.typesafe.config.Config;

import java.time.Duration;

/**
 * Where one role's HTTP server listens (port 0 picks a free port, for tests), and how long it
 * keeps answering while not ready at shutdown ({@code rtd.shutdown.drain-delay}).
 */
public record HttpSettings(String interfaceName, int port, Duration drainDelay) {

  public HttpSettings(String interfaceName, int port) {
    this(interfaceName, port, Duration.ZERO);
  }

  public static HttpSettings from(Config config, String path) {
    Config c = config.getConfig(path);
    int port = c.getInt("port");
    if (port < 0 || port > 65535) {
      throw new IllegalArgumentException(path + ".port must be 0-65535, got " + port);
    }
    return new HttpSettings(c.getString("interface"), port, config.getDuration("rtd.shutdown.drain-delay"));
  }
}
