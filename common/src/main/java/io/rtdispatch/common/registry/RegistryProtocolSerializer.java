package io.rtdispatch.common.registry;

import akka.actor.ExtendedActorSystem;
import akka.actor.typed.ActorRef;
import akka.actor.typed.javadsl.Adapter;
import akka.serialization.Serialization;
import akka.serialization.SerializerWithStringManifest;
import io.rtdispatch.common.registry.RegistryProtocol.Ack;
import io.rtdispatch.common.registry.RegistryProtocol.Delta;
import io.rtdispatch.common.registry.RegistryProtocol.Heartbeat;
import io.rtdispatch.common.registry.RegistryProtocol.SnapshotChunk;
import io.rtdispatch.common.registry.RegistryProtocol.SnapshotRequest;
import io.rtdispatch.common.registry.RegistryProtocol.ViewInfo;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.NotSerializableException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;

/**
 * The wire encoding of {@link RegistryProtocol}: each message is its fields in order, strings as modified UTF-8
 * ({@link DataOutputStream#writeUTF}), lists as a count and their strings, actor references in Akka's
 * serialization format. A topic costs its length plus two bytes. Bound in {@code reference.conf}.
 */
public final class RegistryProtocolSerializer extends SerializerWithStringManifest {

  private final ExtendedActorSystem system;

  public RegistryProtocolSerializer(ExtendedActorSystem system) {
    this.system = system;
  }

  @Override
  public int identifier() {
    return 918_273_012;
  }

  @Override
  public String manifest(Object message) {
    if (message instanceof Delta) {
      return "D";
    } else if (message instanceof SnapshotChunk) {
      return "S";
    } else if (message instanceof Heartbeat) {
      return "H";
    } else if (message instanceof Ack) {
      return "A";
    } else if (message instanceof SnapshotRequest) {
      return "R";
    } else if (message instanceof ViewInfo) {
      return "I";
    }
    throw new IllegalArgumentException("not a registry message: " + message.getClass());
  }

  @Override
  public byte[] toBinary(Object message) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream(256);
    try (DataOutputStream out = new DataOutputStream(bytes)) {
      if (message instanceof Delta d) {
        head(out, d.nodeId(), d.seq(), d.registrar());
        strings(out, d.added());
        strings(out, d.removed());
      } else if (message instanceof SnapshotChunk s) {
        head(out, s.nodeId(), s.seq(), s.registrar());
        out.writeBoolean(s.first());
        out.writeBoolean(s.last());
        strings(out, s.topics());
      } else if (message instanceof Heartbeat h) {
        head(out, h.nodeId(), h.seq(), h.registrar());
      } else if (message instanceof Ack a) {
        out.writeUTF(ref(a.view()));
        out.writeLong(a.seq());
      } else if (message instanceof SnapshotRequest r) {
        out.writeUTF(ref(r.view()));
      } else if (message instanceof ViewInfo i) {
        out.writeUTF(ref(i.view()));
        out.writeUTF(i.nodeId());
        out.writeUTF(i.historyUrl());
      } else {
        throw new IllegalArgumentException("not a registry message: " + message.getClass());
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return bytes.toByteArray();
  }

  @Override
  public Object fromBinary(byte[] bytes, String manifest) throws NotSerializableException {
    try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(bytes))) {
      return switch (manifest) {
        case "D" -> {
          String nodeId = in.readUTF();
          long seq = in.readLong();
          ActorRef<RegistryProtocol.ToRegistrar> registrar = resolve(in.readUTF());
          yield new Delta(nodeId, seq, strings(in), strings(in), registrar);
        }
        case "S" -> {
          String nodeId = in.readUTF();
          long seq = in.readLong();
          ActorRef<RegistryProtocol.ToRegistrar> registrar = resolve(in.readUTF());
          yield new SnapshotChunk(nodeId, seq, in.readBoolean(), in.readBoolean(), strings(in), registrar);
        }
        case "H" -> new Heartbeat(in.readUTF(), in.readLong(), resolve(in.readUTF()));
        case "A" -> new Ack(resolve(in.readUTF()), in.readLong());
        case "R" -> new SnapshotRequest(resolve(in.readUTF()));
        case "I" -> new ViewInfo(resolve(in.readUTF()), in.readUTF(), in.readUTF());
        default -> throw new NotSerializableException("unknown registry message manifest " + manifest);
      };
    } catch (IOException e) {
      throw new NotSerializableException("undecodable registry message: " + e.getMessage());
    }
  }

  private void head(DataOutputStream out, String nodeId, long seq, ActorRef<?> registrar) throws IOException {
    out.writeUTF(nodeId);
    out.writeLong(seq);
    out.writeUTF(ref(registrar));
  }

  private static void strings(DataOutputStream out, List<String> values) throws IOException {
    out.writeInt(values.size());
    for (String value : values) {
      out.writeUTF(value);
    }
  }

  private static List<String> strings(DataInputStream in) throws IOException {
    int count = in.readInt();
    List<String> values = new ArrayList<>(Math.min(count, 65536));
    for (int i = 0; i < count; i++) {
      values.add(in.readUTF());
    }
    return values;
  }

  /** Classic actor paths (as Akka's own serializers write them): no extension is touched while serializing. */
  private static String ref(ActorRef<?> ref) {
    return Serialization.serializedActorPath(Adapter.toClassic(ref));
  }

  private <T> ActorRef<T> resolve(String ref) {
    return Adapter.toTyped(system.provider().resolveActorRef(ref));
  }
}
