package io.rtdispatch.common.flow;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class PendingLimitTest {

  @Test
  void refusesWhatWouldGoOverTheLimitAndTakesNothingThen() {
    PendingLimit limit = new PendingLimit(10, "this dispatcher", "routed");
    assertTrue(limit.tryAcquire(6));
    assertFalse(limit.tryAcquire(5));
    assertEquals(6, limit.pending(), "a refused request holds no permits");
    assertTrue(limit.tryAcquire(4));
    limit.release(6);
    assertTrue(limit.tryAcquire(5));
    assertEquals(9, limit.pending());
  }

  @Test
  void aBatchLargerThanTheLimitPassesOnlyWhenNothingIsWaiting() {
    PendingLimit limit = new PendingLimit(10, "this frontend", "fanned out");
    assertTrue(limit.tryAcquire(25), "otherwise it could never pass");
    assertFalse(limit.tryAcquire(1));
    limit.release(25);
    assertEquals(0, limit.pending());
  }

  @Test
  void theRefusalSaysWhatIsWaitingAndTheLimit() {
    PendingLimit limit = new PendingLimit(10, "this dispatcher", "routed");
    limit.tryAcquire(10);
    assertEquals("this dispatcher is overloaded: 10 events are waiting to be routed, the limit is 10; retry shortly",
        limit.overloaded());
  }

  @Test
  void aLimitBelowOneIsAConfigurationError() {
    assertThrows(IllegalArgumentException.class, () -> new PendingLimit(0, "x", "y"));
  }
}
