package io.rtdispatch.frontend.connection;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandlerContext;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;

/**
 * How an {@link Outbox} puts its frames on the wire: many frames as one write, framed by hand as one HTTP/1.1
 * chunk (RFC 9112, 7.1) or as plain bytes for a close-delimited body, in one pooled buffer, written from the
 * HTTP codec's context so the bytes skip the encoder.
 */
final class BodyWriter {

  private static final byte[] CRLF = {'\r', '\n'};
  private static final byte[] LAST_CHUNK = "0\r\n\r\n".getBytes(StandardCharsets.US_ASCII);
  /** Chunk size line (at most 8 hex digits for an int) and the two line ends. */
  private static final int CHUNK_OVERHEAD = 8 + 2 + 2;

  private final Channel channel;
  private final ChannelHandlerContext context;
  private final Framing framing;

  /** @param context where writes start; null: the channel's tail */
  BodyWriter(Channel channel, ChannelHandlerContext context, Framing framing) {
    this.channel = channel;
    this.context = context;
    this.framing = framing;
  }

  /** Takes every frame out of {@code frames} ({@code bytes} in all) into one buffer, framed for one write. */
  ByteBuf encode(ArrayDeque<byte[]> frames, int bytes) {
    boolean chunked = framing == Framing.CHUNKED;
    ByteBuf chunk = channel.alloc().ioBuffer(chunked ? bytes + CHUNK_OVERHEAD : bytes);
    if (chunked) {
      chunk.writeCharSequence(Integer.toHexString(bytes), StandardCharsets.US_ASCII);
      chunk.writeBytes(CRLF);
    }
    for (byte[] frame = frames.poll(); frame != null; frame = frames.poll()) {
      chunk.writeBytes(frame);
    }
    if (chunked) {
      chunk.writeBytes(CRLF);
    }
    return chunk;
  }

  /** What ends the body: the last chunk, or nothing (closing the connection ends a close-delimited body). */
  ByteBuf end() {
    return framing == Framing.CHUNKED ? Unpooled.wrappedBuffer(LAST_CHUNK) : Unpooled.EMPTY_BUFFER;
  }

  /** Writes and flushes {@code bytes}; with {@code voidPromise} the returned future tells nothing. */
  ChannelFuture write(ByteBuf bytes, boolean voidPromise) {
    if (context != null) {
      return context.writeAndFlush(bytes, voidPromise ? context.voidPromise() : context.newPromise());
    }
    return channel.writeAndFlush(bytes, voidPromise ? channel.voidPromise() : channel.newPromise());
  }
}
