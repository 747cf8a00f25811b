package io.rtdispatch.common.flow;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.rtdispatch.common.problem.Problem;
import org.junit.jupiter.api.Test;

class PendingLimitTest {

  @Test
  void refusesWhatWouldGoOverTheEventLimitAndTakesNothingThen() {
    PendingLimit limit = new PendingLimit(10, 1 << 20, "this dispatcher", "routed");
    assertTrue(limit.tryAcquire(6, 600));
    assertFalse(limit.tryAcquire(5, 500));
    assertEquals(6, limit.pending(), "a refused request holds no permits");
    assertEquals(600, limit.pendingBytes());
    assertTrue(limit.tryAcquire(4, 400));
    limit.release(6, 600);
    assertTrue(limit.tryAcquire(5, 500));
    assertEquals(9, limit.pending());
    assertEquals(900, limit.pendingBytes());
  }

  @Test
  void refusesWhatWouldGoOverTheByteLimitWhateverTheEventCount() {
    PendingLimit limit = new PendingLimit(100_000, 200_000, "this frontend", "fanned out");
    assertTrue(limit.tryAcquire(2, 130_000), "two 64 KiB events");
    assertFalse(limit.tryAcquire(2, 130_000), "two more would hold 260,000 bytes");
    assertEquals(2, limit.pending());
    limit.release(2, 130_000);
    assertTrue(limit.tryAcquire(2, 130_000));
  }

  @Test
  void aBatchLargerThanTheLimitsPassesOnlyWhenNothingIsWaiting() {
    PendingLimit limit = new PendingLimit(10, 1000, "this frontend", "fanned out");
    assertTrue(limit.tryAcquire(25, 5000), "otherwise it could never pass");
    assertFalse(limit.tryAcquire(1, 1));
    limit.release(25, 5000);
    assertEquals(0, limit.pending());
    assertEquals(0, limit.pendingBytes());
  }

  @Test
  void theRefusalSaysWhatIsWaitingAndTheLimits() {
    PendingLimit limit = new PendingLimit(10, 5000, "this dispatcher", "routed");
    limit.tryAcquire(10, 1200);
    assertEquals(new Problem(Problem.Kind.BUSY, "this dispatcher is overloaded: 10 events (1200 bytes) are waiting "
        + "to be routed, the limits are 10 events and 5000 bytes; retry shortly"), limit.overloaded());
  }

  @Test
  void aByteBudgetIsSharedAndGivenBack() {
    ByteBudget budget = new ByteBudget(100);
    assertTrue(budget.tryTake(60));
    assertFalse(budget.tryTake(50), "beyond the bound: nothing taken");
    assertEquals(60, budget.used());
    assertTrue(budget.tryTake(40));
    budget.give(60);
    assertTrue(budget.tryTake(50));
    assertEquals(90, budget.used());
  }
}
