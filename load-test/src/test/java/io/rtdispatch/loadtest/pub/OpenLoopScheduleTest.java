package io.rtdispatch.loadtest.pub;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class OpenLoopScheduleTest {

  @Test
  void dueTimesAreEvenlySpacedFromStart() {
    OpenLoopSchedule s = new OpenLoopSchedule(1_000, 100, 1, 300);
    assertEquals(300, s.batchCount());
    assertEquals(1_000, s.dueNanos(0));
    assertEquals(1_000 + 10_000_000, s.dueNanos(1));
    assertEquals(1_000 + 2_990_000_000L, s.dueNanos(299));
  }

  @Test
  void batchesDivideTheRateAndTheLastOneIsPartial() {
    OpenLoopSchedule s = new OpenLoopSchedule(0, 1000, 8, 20);
    assertEquals(3, s.batchCount());
    assertEquals(8, s.eventsInBatch(0));
    assertEquals(8, s.eventsInBatch(1));
    assertEquals(4, s.eventsInBatch(2));
    assertEquals(0, s.eventsInBatch(3));
    assertEquals(8_000_000, s.dueNanos(1), "8 events at 1000/s are due every 8 ms");
  }

  @Test
  void noDriftOverLongSchedulesWithFractionalIntervals() {
    OpenLoopSchedule s = OpenLoopSchedule.forDuration(0, 3, 1, 1000);
    assertEquals(3000, s.totalEvents());
    assertEquals(999_666_666_667L, s.dueNanos(2999));
    assertEquals(1_000_000_000_000L, s.endNanos());
  }

  @Test
  void rejectsNonsense() {
    assertThrows(IllegalArgumentException.class, () -> new OpenLoopSchedule(0, 0, 1, 1));
    assertThrows(IllegalArgumentException.class, () -> new OpenLoopSchedule(0, 1, 0, 1));
  }
}
