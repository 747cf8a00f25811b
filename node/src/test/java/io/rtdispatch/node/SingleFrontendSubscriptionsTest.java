package io.rtdispatch.node;

import static io.rtdispatch.common.testing.Eventually.eventually;
import static io.rtdispatch.node.TestNodes.WAIT;
import static io.rtdispatch.node.TestNodes.assertError;
import static io.rtdispatch.node.TestNodes.metric;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.rtdispatch.common.testing.SseTestClient;
import io.rtdispatch.common.testing.TestHttp;
import org.junit.jupiter.api.Test;

/**
 * The embedded default (one frontend) never forwards a subscription change, not even for an id
 * naming itself as the owner: a connection it does not hold is 404 at once.
 */
class SingleFrontendSubscriptionsTest {

  private static final ObjectMapper JSON = new ObjectMapper();

  @Test
  void aConnectionThisNodeDoesNotHoldIs404WithoutAForward() throws Exception {
    try (RtdNode node = TestNodes.start()) {
      String url = TestHttp.url(node.frontendAddress(), "/subscriptions");
      String id;
      try (SseTestClient stream = SseTestClient.open(node.frontendAddress(), "/connect?topic=t")) {
        id = JSON.readTree(stream.next(f -> "connected".equals(f.event()), WAIT).data()).get("connectionId").asText();
        assertEquals(200, TestHttp.postJson(url, "{\"connectionId\":\"" + id + "\",\"topic\":\"u\"}").status());
      }
      eventually(WAIT, () -> assertError(404, "no open connection",
          TestHttp.postJson(url, "{\"connectionId\":\"" + id + "\",\"topic\":\"u\"}")));
      String madeUp = "AAAAAAAAAAAAAAAAAAAAAA" + id.substring(id.indexOf('.'));
      assertError(404, "no open connection", TestHttp.postJson(url, "{\"connectionId\":\"" + madeUp + "\",\"topic\":\"u\"}"));
      for (String result : new String[] {"200", "404", "503", "timeout", "unreachable", "bad_answer"}) {
        assertEquals(0.0, metric(node.frontendAddress(), "rtd_frontend_subscription_forwards_total", "result", result));
      }
    }
  }
}
