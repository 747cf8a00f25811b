package io.rtdispatch.frontend.stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.WriteBufferWaterMark;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.buffer.ByteBuf;
import io.rtdispatch.frontend.connection.Outbox;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** The handler of a connection that has become a stream, on Netty's EmbeddedChannel. */
class StreamHandlerTest {

  @Test
  void framesHeldWhileTheSocketIsFullLeaveAsOneWriteWhenItDrains() {
    EmbeddedChannel channel = new EmbeddedChannel();
    channel.config().setWriteBufferWaterMark(new WriteBufferWaterMark(8, 16));
    Outbox outbox = new Outbox("c", channel, 64 * 1024);
    channel.pipeline().addLast(new StreamHandler(outbox));
    channel.write(Unpooled.wrappedBuffer(new byte[32])); // past the high-water mark
    outbox.offer(ascii(":one\n\n"));
    outbox.offer(ascii(":two\n\n"));
    channel.runPendingTasks();
    assertFalse(channel.isWritable());

    channel.flush(); // the socket takes what it had: Netty reports the channel writable again

    assertEquals(32, readChunk(channel).length());
    assertEquals(":one\n\n:two\n\n", readChunk(channel), "the held frames follow, in one write");
    assertNull(channel.readOutbound());
  }

  @Test
  void whatTheClientSendsOnAStreamIsReleasedAndIgnored() {
    EmbeddedChannel channel = new EmbeddedChannel(new StreamHandler(new Outbox("c", null, 1024)));
    ByteBuf sent = Unpooled.copiedBuffer("GET /again HTTP/1.1\r\n\r\n", StandardCharsets.US_ASCII);

    assertFalse(channel.writeInbound(sent), "nothing is passed on");
    assertEquals(0, sent.refCnt(), "and nothing leaks");
    assertTrue(channel.isOpen());
  }

  @Test
  void anIoErrorClosesTheStream() {
    EmbeddedChannel channel = new EmbeddedChannel(new StreamHandler(new Outbox("c", null, 1024)));

    channel.pipeline().fireExceptionCaught(new IOException("Connection reset by peer"));

    assertFalse(channel.isOpen());
  }

  private static byte[] ascii(String s) {
    return s.getBytes(StandardCharsets.US_ASCII);
  }

  private static String readChunk(EmbeddedChannel channel) {
    ByteBuf chunk = assertInstanceOf(ByteBuf.class, channel.readOutbound());
    try {
      return chunk.toString(StandardCharsets.US_ASCII);
    } finally {
      chunk.release();
    }
  }
}
