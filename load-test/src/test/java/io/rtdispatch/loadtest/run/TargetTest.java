package io.rtdispatch.loadtest.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import org.junit.jupiter.api.Test;

class TargetTest {

  @Test
  void shortFormsUseDefaults() {
    Target ours = Target.parse("ours");
    assertEquals(TargetKind.RTD, ours.kind());
    assertEquals(URI.create("http://127.0.0.1:8080"), ours.subscribeUrls().get(0));
    assertEquals(URI.create("http://127.0.0.1:8081"), ours.publishUrls().get(0));
    assertEquals(TargetKind.NCHAN, Target.parse("nchan").kind());
  }

  @Test
  void fullFormWithSeveralUrlsAndPid() {
    Target t = Target.parse("mine=rtd,sub=http://127.0.0.1:9080,sub=http://127.0.0.2:9080,pub=http://localhost:9081,pid=77");
    assertEquals("mine", t.name());
    assertEquals(2, t.subscribeUrls().size());
    assertEquals(77, t.pid());
    assertEquals("/connect?topic=a", t.kind().subscribePath(t.subscribeUrls().get(0), "a"));
    assertEquals("/sub/a", TargetKind.NCHAN.subscribePath(URI.create("http://127.0.0.1:8090/sub/"), "a"));
  }

  @Test
  void rejectsNonLoopbackUnknownKindsAndKeys() {
    var e = assertThrows(IllegalArgumentException.class, () -> Target.parse("x=rtd,sub=http://10.0.0.1:8080"));
    assertTrue(e.getMessage().contains("loopback"), e.getMessage());
    assertThrows(IllegalArgumentException.class, () -> Target.parse("x=kafka"));
    assertThrows(IllegalArgumentException.class, () -> Target.parse("x"));
    assertThrows(IllegalArgumentException.class, () -> Target.parse("ours,port=1"));
  }

  @Test
  void publishBodies() {
    String[] topics = {"a", "b"};
    String[] payloads = {"{\"lt\":[0,1]}", "{\"lt\":[0,2]}"};
    assertEquals("{\"topic\":\"a\",\"type\":\"like\",\"data\":{\"lt\":[0,1]}}",
        TargetKind.RTD.publishBody(topics, payloads, 1));
    assertEquals("[{\"topic\":\"a\",\"type\":\"like\",\"data\":{\"lt\":[0,1]}},"
        + "{\"topic\":\"b\",\"type\":\"like\",\"data\":{\"lt\":[0,2]}}]", TargetKind.RTD.publishBody(topics, payloads, 2));
    assertEquals("{\"lt\":[0,1]}", TargetKind.NCHAN.publishBody(topics, payloads, 1));
  }
}
