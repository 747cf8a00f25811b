package io.rtdispatch.common.registry;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import akka.actor.testkit.typed.javadsl.ActorTestKit;
import akka.actor.testkit.typed.javadsl.TestProbe;
import akka.actor.typed.javadsl.Adapter;
import akka.serialization.Serialization;
import akka.serialization.SerializationExtension;
import akka.serialization.Serializers;
import io.rtdispatch.common.registry.RegistryProtocol.ToRegistrar;
import io.rtdispatch.common.registry.RegistryProtocol.ToView;
import java.io.NotSerializableException;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/**
 * Every registry message crosses the wire as it was sent: through the serializer the actor system
 * picks for it by the reference.conf binding (what Artery does between a frontend and a dispatcher).
 */
class RegistryProtocolSerializerTest {

  private static final ActorTestKit testKit = ActorTestKit.create();
  private static final Serialization serialization = SerializationExtension.get(Adapter.toClassic(testKit.system()));

  @AfterAll
  static void stop() {
    testKit.shutdownTestKit();
  }

  private static Object roundTrip(Object message) throws NotSerializableException {
    var serializer = serialization.findSerializerFor(message);
    assertEquals(RegistryProtocolSerializer.class, serializer.getClass(), "bound in reference.conf");
    byte[] bytes = serializer.toBinary(message);
    return serialization.deserialize(bytes, serializer.identifier(), Serializers.manifestFor(serializer, message)).get();
  }

  @Test
  void everyMessageComesBackEqual() throws Exception {
    TestProbe<ToView> view = testKit.createTestProbe();
    TestProbe<ToRegistrar> registrar = testKit.createTestProbe();
    List<RegistryProtocol.Message> messages = List.of(
        new RegistryProtocol.Delta("fe1", 7, List.of("live:1", "ünïcode"), List.of("gone"), registrar.ref()),
        new RegistryProtocol.SnapshotChunk("fe1", 8, true, false, List.of("a", "b"), registrar.ref()),
        new RegistryProtocol.Heartbeat("fe1", 9, registrar.ref()),
        new RegistryProtocol.Ack(view.ref(), 9),
        new RegistryProtocol.SnapshotRequest(view.ref()),
        new RegistryProtocol.ViewInfo(view.ref(), "d1", "http://10.0.0.2:9090"));
    for (RegistryProtocol.Message message : messages) {
      assertEquals(message, roundTrip(message));
    }
  }

  @Test
  void anUnknownManifestIsRefusedNotGuessed() {
    var serializer = serialization.findSerializerFor(new RegistryProtocol.Heartbeat("fe1", 1,
        testKit.<ToRegistrar>createTestProbe().ref()));
    assertThrows(NotSerializableException.class,
        () -> ((RegistryProtocolSerializer) serializer).fromBinary(new byte[0], "Z"));
  }
}
