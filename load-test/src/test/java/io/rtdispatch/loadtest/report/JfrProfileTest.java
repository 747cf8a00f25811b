package io.rtdispatch.loadtest.report;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class JfrProfileTest {

  @Test
  void countsEachSampleByTheLayerOfItsInnermostFrame() {
    JfrProfile profile = new JfrProfile();
    profile.add(List.of("akka.io.TcpConnection.doWrite", "akka.actor.ActorCell.invoke"));
    profile.add(List.of("akka.stream.impl.fusing.GraphInterpreter.execute", "io.rtdispatch.frontend.X.y"));
    profile.add(List.of("akka.stream.impl.FanoutProcessorImpl.pump", "akka.actor.ActorCell.invoke"));
    profile.add(List.of("java.util.HashMap.get", "io.rtdispatch.frontend.X.y", "io.rtdispatch.frontend.X.y"));

    assertEquals(4, profile.samples());
    Map<String, Double> layers = profile.layers();
    assertEquals(25.0, layers.get("Akka IO (TCP connections, selector)"));
    assertEquals(25.0, layers.get("Akka Streams interpreter"));
    assertEquals(25.0, layers.get("Akka Streams boundaries (publishers, processors, materializer)"));
    assertEquals(25.0, layers.get("JDK"));
    assertEquals(Map.of("io.rtdispatch.frontend.X.y", 50.0), profile.ownMethods(5), "counted once per sample");
  }

  @Test
  void unknownFramesAreOther() {
    assertEquals("other", JfrProfile.layerOf("org.example.Foo.bar"));
  }
}
