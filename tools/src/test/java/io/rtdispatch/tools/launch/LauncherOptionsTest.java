package io.rtdispatch.tools.launch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The launcher runs the demo publisher where the compose file does (issue 13, "First-run polish"):
 * with several data centers, into the first one's dispatchers; with one, only when asked.
 */
class LauncherOptionsTest {

  @Test
  void severalDataCentersGetTheDemoPublisherIntoTheFirstOnesDispatchers() {
    LauncherOptions options = LauncherOptions.parse(new String[] {"--dc", "dc-east:2:2", "--dc", "dc-west:1:1"});
    DemoPublisher.Settings publisher = options.publisher();
    assertEquals(List.of("http://127.0.0.1:8090/publish", "http://127.0.0.1:8091/publish"), publisher.publishUrls());
    assertEquals("live:demo", publisher.topic());
    assertEquals(DemoPublisher.DEMO_RATE, publisher.likesPerSecond());
    assertEquals("bot-dc-east", publisher.name());
  }

  @Test
  void oneDataCenterHasNoPublisherUnlessAskedAndZeroTurnsItOff() {
    assertNull(LauncherOptions.parse(new String[] {"--frontends", "1", "--dispatchers", "1"}).publisher());
    assertEquals(5, LauncherOptions.parse(new String[] {"--demo-publisher", "5"}).publisher().likesPerSecond());
    assertNull(LauncherOptions.parse(new String[] {"--dc", "a:1:1", "--dc", "b:1:1", "--demo-publisher", "0"})
        .publisher());
  }

  @Test
  void aPublisherNeedsADispatcherAndARate() {
    assertThrows(IllegalArgumentException.class, () -> LauncherOptions.parse(new String[] {"--demo-publisher", "fast"}));
    assertThrows(IllegalArgumentException.class, () -> LauncherOptions.parse(new String[] {"--demo-publisher", "-1"}));
    assertThrows(IllegalArgumentException.class,
        () -> LauncherOptions.parse(new String[] {"--dc", "a:1:0", "--dc", "b:1:0"}));
  }
}
