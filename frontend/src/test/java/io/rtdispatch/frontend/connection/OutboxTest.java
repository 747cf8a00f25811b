package io.rtdispatch.frontend.connection;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.rtdispatch.frontend.sse.SseFrames;
import java.util.List;
import java.util.Set;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.netty.buffer.Unpooled;
import io.netty.channel.WriteBufferWaterMark;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.buffer.ByteBuf;
import io.rtdispatch.frontend.connection.Outbox.Offer;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/**
 * The outbox on Netty's EmbeddedChannel, whose event loop runs only when the test says so: what
 * the fan-out offers meanwhile, and what reaches the channel when the loop runs.
 */
class OutboxTest {

  @Test
  void everythingOfferedBeforeTheEventLoopRunsLeavesInOneWriteInOrder() {
    EmbeddedChannel channel = new EmbeddedChannel();
    Outbox outbox = new Outbox("c", channel, 64 * 1024);
    StringBuilder expected = new StringBuilder();
    for (int i = 0; i < 100; i++) {
      assertEquals(Offer.QUEUED, outbox.offer(frame("e" + i)));
      expected.append(text(frame("e" + i)));
    }
    assertNull(channel.readOutbound(), "nothing is written before the event loop runs");

    channel.runPendingTasks();

    assertEquals(expected.toString(), readChunk(channel));
    assertNull(channel.readOutbound(), "one write carried all 100 frames");
    assertEquals(Offer.QUEUED, outbox.offer(frame("later")));
    channel.runPendingTasks();
    assertEquals(text(frame("later")), readChunk(channel), "a frame offered after the write gets a write of its own");
    assertEquals(0, outbox.drops());
  }

  @Test
  void framesBeyondTheByteLimitAreDroppedAndCountedForThisConnection() {
    EmbeddedChannel channel = new EmbeddedChannel();
    Outbox outbox = new Outbox("c", channel, 1000);
    for (int i = 0; i < 10; i++) {
      assertEquals(Offer.QUEUED, outbox.offer(bytes(100)), "frame " + i + " fits in 1,000 bytes");
    }
    assertEquals(Offer.DROPPED, outbox.offer(bytes(1)), "the limit is in bytes: one more byte does not fit");
    assertEquals(Offer.DROPPED, outbox.offer(bytes(100)));
    assertEquals(2, outbox.drops());

    channel.runPendingTasks();

    assertEquals(1000, readChunk(channel).length(), "what was queued is written, the dropped frames are not");
    assertEquals(Offer.QUEUED, outbox.offer(bytes(100)), "written bytes no longer count against the limit");
    assertEquals(2, outbox.drops());
  }

  @Test
  void aSingleFrameLargerThanTheLimitPassesIntoAnEmptyOutboxOnly() {
    EmbeddedChannel channel = new EmbeddedChannel();
    Outbox outbox = new Outbox("c", channel, 1000);
    assertEquals(Offer.QUEUED, outbox.offer(bytes(5000)), "an oversized frame into an empty outbox");
    assertEquals(Offer.DROPPED, outbox.offer(bytes(10)), "nothing more while it waits");
    assertEquals(1, outbox.drops());

    channel.runPendingTasks();

    assertEquals(5000, readChunk(channel).length());
    assertNull(channel.readOutbound());
  }

  @Test
  void aChannelThatCannotTakeMoreKeepsTheFramesUntilItIsWritableAgain() {
    EmbeddedChannel channel = new EmbeddedChannel();
    channel.config().setWriteBufferWaterMark(new WriteBufferWaterMark(8, 16));
    Outbox outbox = new Outbox("c", channel, 64 * 1024);
    channel.write(Unpooled.wrappedBuffer(bytes(32))); // past the high-water mark, unflushed
    assertFalse(channel.isWritable());

    outbox.offer(frame("a"));
    outbox.offer(frame("b"));
    channel.runPendingTasks();
    channel.flushOutbound();
    assertEquals(32, readChunk(channel).length(), "only what was written before");
    assertNull(channel.readOutbound(), "the outbox kept its frames while the channel was not writable");
    assertTrue(channel.isWritable());

    outbox.offer(frame("c")); // the write scheduled earlier is still pending: no new one is scheduled
    channel.runPendingTasks();
    assertNull(channel.readOutbound(), "frames wait for writable(), not for the next offer");

    outbox.writable();

    assertEquals(text(frame("a")) + text(frame("b")) + text(frame("c")), readChunk(channel));
  }

  @Test
  void closeWritesWhatIsPendingThenTheLastChunkAndClosesTheChannel() {
    EmbeddedChannel channel = new EmbeddedChannel();
    Outbox outbox = new Outbox("c", channel, 64 * 1024);
    outbox.offer(frame("a"));
    outbox.offer(frame("b"));

    outbox.close();

    assertEquals(Offer.CLOSED, outbox.offer(frame("after")), "a closing outbox takes nothing more");
    channel.runPendingTasks();
    assertEquals(text(frame("a")) + text(frame("b")), readChunk(channel));
    ByteBuf end = assertInstanceOf(ByteBuf.class, channel.readOutbound());
    assertFalse(end.isReadable(), "a close-delimited body ends with the connection, nothing more is written");
    end.release();
    assertNull(channel.readOutbound());
    assertFalse(channel.isOpen());
  }

  @Test
  void aChunkedStreamFramesEachWriteAsOneChunkAndEndsWithTheLastChunk() {
    EmbeddedChannel channel = new EmbeddedChannel();
    Outbox outbox = new Outbox("c", channel, null, 64 * 1024, Framing.CHUNKED);
    outbox.offer(frame("a"));
    outbox.offer(frame("b"));
    channel.runPendingTasks();
    String both = text(frame("a")) + text(frame("b"));
    assertEquals(Integer.toHexString(both.length()) + "\r\n" + both + "\r\n", readChunk(channel),
        "one chunk (RFC 9112, 7.1) carrying both frames");

    outbox.close();
    channel.runPendingTasks();

    assertEquals("0\r\n\r\n", readChunk(channel), "the last chunk ends the response");
    assertFalse(channel.isOpen());
  }

  @Test
  void discardForgetsWhatIsPendingAndRefusesMore() {
    EmbeddedChannel channel = new EmbeddedChannel();
    Outbox outbox = new Outbox("c", channel, 64 * 1024);
    outbox.offer(frame("a"));

    outbox.discard();

    assertEquals(Offer.CLOSED, outbox.offer(frame("b")));
    channel.runPendingTasks();
    assertNull(channel.readOutbound(), "nothing is written for a discarded outbox");
  }

  @Test
  void whenTheNodesBufferBudgetIsSpentAStalledConnectionIsClosedAndGivesItsBytesBack() {
    Counter closed = new SimpleMeterRegistry().counter("closed");
    BufferBudget budget = new BufferBudget(250, closed);
    EmbeddedChannel stalled = new EmbeddedChannel();
    stalled.config().setWriteBufferWaterMark(new WriteBufferWaterMark(8, 16));
    EmbeddedChannel reading = new EmbeddedChannel();
    Outbox slow = new Outbox("slow", stalled, 64 * 1024);
    Outbox fast = new Outbox("fast", reading, 64 * 1024);
    slow.drawFrom(budget);
    fast.drawFrom(budget);
    stalled.write(Unpooled.wrappedBuffer(bytes(32))); // the reader stopped: past the high-water mark
    assertFalse(stalled.isWritable());

    assertEquals(Offer.QUEUED, slow.offer(bytes(200)));
    assertEquals(200, budget.held(), "waiting frames count against the node's budget");
    assertEquals(Offer.CLOSED, slow.offer(bytes(100)), "beyond the budget a stalled reader is not queued for");
    assertFalse(stalled.isOpen(), "it is closed, so the browser reconnects");
    assertEquals(0, budget.held(), "and what it held is given back");
    assertEquals(1.0, closed.count());

    assertEquals(Offer.QUEUED, fast.offer(bytes(200)));
    assertEquals(Offer.QUEUED, fast.offer(bytes(100)), "a reader that keeps up is served even over the budget");
    assertEquals(300, budget.held());
    reading.runPendingTasks();
    assertEquals(300, readChunk(reading).length());
    assertEquals(0, budget.held(), "bytes the socket has taken no longer count");
  }

  @Test
  void aReleaseGoesFirstAndLeavesOutHeldLiveCopiesOfReplayedEvents() {
    EmbeddedChannel channel = new EmbeddedChannel();
    Outbox outbox = new Outbox("c", channel, 64 * 1024);
    outbox.hold();
    outbox.offer(frame("b"));
    outbox.offer(SseFrames.HEARTBEAT);
    outbox.offer(frame("c"));
    channel.runPendingTasks();
    assertNull(channel.readOutbound(), "held");

    outbox.release(List.of(frame("connected"), frame("a"), frame("b")), Set.of("a", "b"));
    channel.runPendingTasks();

    assertEquals(text(frame("connected")) + text(frame("a")) + text(frame("b")) + text(SseFrames.HEARTBEAT)
        + text(frame("c")), readChunk(channel), "the replay first, then the held frames but b's live copy");
  }

  private static byte[] frame(String id) {
    return ("id: " + id + "\ndata: {\"id\":\"" + id + "\"}\n\n").getBytes(StandardCharsets.US_ASCII);
  }

  private static byte[] bytes(int n) {
    return "x".repeat(n).getBytes(StandardCharsets.US_ASCII);
  }

  private static String text(byte[] frame) {
    return new String(frame, StandardCharsets.US_ASCII);
  }

  /** The next write's bytes, as text; fails if the next outbound message is not bytes with content. */
  private static String readChunk(EmbeddedChannel channel) {
    Object message = channel.readOutbound();
    ByteBuf chunk = assertInstanceOf(ByteBuf.class, message, "expected bytes, got " + message);
    assertTrue(chunk.isReadable(), "expected a write with content, got an empty one");
    try {
      return chunk.toString(StandardCharsets.US_ASCII);
    } finally {
      chunk.release();
    }
  }
}
