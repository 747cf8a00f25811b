package io.rtdispatch.loadtest.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.ConfigFactory;
import io.rtdispatch.node.RtdNode;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/**
 * The publish-throughput scenario against a real embedded node: single-event and batch publishing are accepted,
 * counted as routed by the dispatcher, and every accepted event of the subscribed topics reaches the subscriber.
 */
class PublishThroughputCommandTest {

  @Test
  void acceptsRoutesAndDeliversInBothShapes() throws Exception {
    try (RtdNode node = RtdNode.start(ConfigFactory.parseMap(Map.of(
        "rtd.frontend.http.interface", "127.0.0.1", "rtd.frontend.http.port", 0,
        "rtd.dispatcher.http.interface", "127.0.0.1", "rtd.dispatcher.http.port", 0, "rtd.internal.port", 0,
        "rtd.cluster.port", 0, "akka.coordinated-shutdown.exit-jvm", "off")))) {
      node.awaitUp(Duration.ofSeconds(30));
      for (String batch : new String[] {"1", "20"}) {
        PublishThroughputCommand command = new PublishThroughputCommand();
        int exit = new CommandLine(command).execute(
            "--pub", "http://127.0.0.1:" + node.dispatcherAddress().getPort(),
            "--sub", "http://127.0.0.1:" + node.frontendAddress().getPort(),
            "--batch", batch, "--connections", "2", "--pipeline", "2", "--topics", "20", "--subscribed-topics", "5",
            "--warmup", "0.5", "--duration", "1", "--pid", String.valueOf(ProcessHandle.current().pid()));
        PublishThroughputCommand.Result r = command.result();
        assertEquals(0, exit, "no refused or unanswered publish");
        assertTrue(r.accepted() > 0, "events accepted in the measured window");
        assertEquals(r.acceptedTotal(), r.routedTotal(), "every accepted event routed (the dispatcher's counters)");
        assertTrue(r.acceptedSubscribed() > 0 && r.acceptedSubscribed() < r.accepted() * 2);
        assertEquals(r.acceptedSubscribed(), r.delivered(), "every accepted event of a subscribed topic delivered");
        assertTrue(r.cpuSeconds() > 0, "the dispatcher's CPU is read from /proc");
      }
    }
  }
}
