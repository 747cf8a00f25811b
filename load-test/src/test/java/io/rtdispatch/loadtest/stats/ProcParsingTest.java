package io.rtdispatch.loadtest.stats;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Set;
import org.junit.jupiter.api.Test;

/** Parsing of what the tool reads about the server: /proc, jcmd output, Prometheus text. */
class ProcParsingTest {

  @Test
  void cpuListsAsTheKernelWritesThem() {
    assertEquals(Set.of(0), ServerProcess.parseCpuList("0\n"));
    assertEquals(Set.of(0, 1, 2, 3, 6, 8, 9), ServerProcess.parseCpuList(" 0-3,6,8-9"));
    assertEquals(Set.of(), ServerProcess.parseCpuList(""));
  }

  @Test
  void classHistogramTotalIsTheLiveHeap() {
    String histogram = "11:\n num     #instances         #bytes  class name (module)\n"
        + "-------------------------------------------------------\n"
        + "   1:         71234        6123456  [B (java.base@17.0.15)\n"
        + "   2:          9000         216000  java.lang.String (java.base@17.0.15)\n"
        + "Total        345678       23456789\n";
    assertEquals(23_456_789L, ServerProcess.parseHistogramTotal(histogram));
    assertEquals(0, ServerProcess.parseHistogramTotal("jcmd: no such process"));
    assertEquals(0, ServerProcess.parseHistogramTotal(null));
  }

  @Test
  void busyTicksLeaveOutIdleAndIowaitAndOtherCpus() {
    String stat = "cpu  500 0 500 9000 10 0 0 0 0 0\n"
        + "cpu0 100 5 50 4000 7 3 2 1 0 0\n"
        + "cpu1 400 0 450 5000 3 0 0 0 0 0\n"
        + "intr 12345\n";
    assertEquals(100 + 5 + 50 + 3 + 2 + 1, CoreUsage.busyTicks(stat, Set.of(0)));
    assertEquals(161 + 850, CoreUsage.busyTicks(stat, Set.of(0, 1)));
    assertEquals(0, CoreUsage.busyTicks(stat, Set.of(7)));
  }

  @Test
  void dropCountersAreSummedOverLabels() {
    String metrics = "# HELP rtd_frontend_drops_total Events dropped\n# TYPE rtd_frontend_drops_total counter\n"
        + "rtd_frontend_drops_total{dc=\"default\",reason=\"buffer\"} 12.0\n"
        + "rtd_frontend_drops_total{dc=\"default\",reason=\"closed\"} 3.0 1700000000000\n"
        + "rtd_frontend_drops_total_other 99\n"
        + "rtd_dispatcher_drops_total{dc=\"default\"} 7.0\n";
    assertEquals(15, ServerDrops.sum(metrics, "rtd_frontend_drops_total"));
    assertEquals(-1, ServerDrops.sum(metrics, "nchan_drops_total"), "a metric that is not there is unknown, not 0");
    assertEquals(0, ServerDrops.sum("rtd_frontend_drops_total 0\n", "rtd_frontend_drops_total"));
  }
}
