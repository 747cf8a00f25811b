package io.rtdispatch.dispatcher.peers;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import io.rtdispatch.common.settings.SecuritySettings;
import io.rtdispatch.dispatcher.DispatcherSettings;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PeerSettingsTest {

  private static Config config(String peers) {
    return ConfigFactory.parseString(peers).withFallback(ConfigFactory.defaultReference()).resolve();
  }

  /** As the node reads them: the data center and the secrets once, then the role's settings. */
  private static DispatcherSettings settings(Config config) {
    return DispatcherSettings.from(config, config.getString("rtd.data-center"), SecuritySettings.from(config));
  }

  @Test
  void readsTheEnvironmentStringForm() {
    DispatcherSettings settings = settings(config(
        "rtd.data-center = dc-east\nrtd.dispatcher.peers = \"dc-west=http://w1:8081|http://w2:8081/ ; dc-north=http://n1:8081\""));
    assertEquals(Map.of("dc-west", List.of("http://w1:8081", "http://w2:8081"), "dc-north", List.of("http://n1:8081")),
        settings.peers().peers());
  }

  @Test
  void readsTheHoconObjectForm() {
    DispatcherSettings settings = settings(config(
        "rtd.data-center = dc-east\nrtd.dispatcher.peers { dc-west = [\"http://w1:8081\"] }"));
    assertEquals(Map.of("dc-west", List.of("http://w1:8081")), settings.peers().peers());
  }

  @Test
  void noPeersByDefault() {
    assertTrue(settings(config("")).peers().peers().isEmpty());
  }

  @Test
  void thePeerTokenDefaultsToTheInternalToken() {
    assertEquals("s3cret", settings(config("rtd.security.internal-token = s3cret")).peers().token());
    assertEquals("p", settings(config("rtd.security.internal-token = s3cret\nrtd.security.peer-token = p"))
        .peers().token());
  }

  @Test
  void rejectsMistakesWithMessagesNamingThem() {
    assertTrue(assertThrows(IllegalArgumentException.class, () -> settings(config(
        "rtd.data-center = dc-east\nrtd.dispatcher.peers = \"dc-east=http://e:8081\""))).getMessage()
        .contains("own data center 'dc-east'"));
    assertTrue(assertThrows(IllegalArgumentException.class, () -> settings(config(
        "rtd.dispatcher.peers = \"dc-west\""))).getMessage().contains("dc-west=http://host:8081"));
    assertTrue(assertThrows(IllegalArgumentException.class, () -> settings(config(
        "rtd.dispatcher.peers = \"dc-west=w1:8081\""))).getMessage().contains("'w1:8081' is not an http(s) URL"));
    assertTrue(assertThrows(IllegalArgumentException.class, () -> settings(config(
        "rtd.dispatcher.peers = \"dc-west=\""))).getMessage().contains("at least one dispatcher URL"));
  }
}
