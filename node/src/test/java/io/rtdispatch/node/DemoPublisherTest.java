package io.rtdispatch.node;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.rtdispatch.common.testing.SseTestClient;
import io.rtdispatch.tools.launch.DemoPublisher;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/**
 * The demo publisher (docker-compose.yml's {@code publisher}, and the launcher's for several data
 * centers) reaches a demo page's stream with likes and comments, and stops when its thread is
 * interrupted, as the launcher does on quit.
 */
class DemoPublisherTest {

  @Test
  void itsLikesAndCommentsReachTheDemoTopicAndItStopsWhenInterrupted() throws Exception {
    try (RtdNode node = TestNodes.start();
        SseTestClient page = SseTestClient.open(node.frontendAddress(), "/connect?topic=live:demo")) {
      TestNodes.awaitRoutes(node.internalAddress(), "live:demo", 1);
      String url = "http://127.0.0.1:" + node.dispatcherAddress().getPort() + "/publish";
      List<String> out = new CopyOnWriteArrayList<>();
      Thread publisher = new Thread(() -> DemoPublisher.publish(
          new DemoPublisher.Settings(List.of(url), "live:demo", 50, 3, "bot-test"), out::add, false));
      publisher.start();
      try {
        page.next(f -> f.data() != null && f.data().contains("\"type\":\"like\"")
            && f.data().contains("\"from\":\"bot-test\""), TestNodes.WAIT);
        page.next(f -> f.data() != null && f.data().contains("\"type\":\"comment\"")
            && f.data().contains("\"author\":\"bot-test\""), TestNodes.WAIT);
      } finally {
        publisher.interrupt();
        publisher.join(Duration.ofSeconds(10).toMillis());
      }
      assertFalse(publisher.isAlive(), "the publisher stops when interrupted");
      assertTrue(out.get(0).startsWith("publishing 50.0 likes/s to live:demo via [" + url + "]"), out.toString());
      assertEquals(1, out.size(), "no failure was reported: " + out);
    }
  }
}
