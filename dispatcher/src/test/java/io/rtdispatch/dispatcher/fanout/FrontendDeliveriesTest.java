package io.rtdispatch.dispatcher.fanout;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;

import akka.actor.testkit.typed.javadsl.ActorTestKit;
import akka.util.ByteString;
import com.sun.net.httpserver.HttpServer;
import io.rtdispatch.common.flow.ByteBudget;
import io.rtdispatch.common.delivery.FrontendIntake;
import io.rtdispatch.common.delivery.InProcessFrontends;
import io.rtdispatch.common.event.Event;
import io.rtdispatch.common.event.EventBatch;
import io.rtdispatch.common.metrics.Metrics;
import io.rtdispatch.dispatcher.DispatcherMetrics;
import io.rtdispatch.dispatcher.link.LinkSettings;
import io.rtdispatch.dispatcher.registry.RegistryView;
import io.rtdispatch.common.problem.ProblemException;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The router's choice of delivery per frontend: in-process for a frontend registered in this
 * actor system's {@link InProcessFrontends}, HTTP (to a real server on loopback) otherwise, and
 * the switch between them as registrations and endpoints change.
 */
class FrontendDeliveriesTest {

  private static final long WAIT_SECONDS = 10;

  private ActorTestKit testKit;
  private HttpServer server;
  private Metrics registry;
  private DispatcherMetrics metrics;
  private FrontendDeliveries deliveries;
  private final BlockingQueue<List<Event>> posted = new LinkedBlockingQueue<>();

  @BeforeEach
  void start() throws Exception {
    testKit = ActorTestKit.create("FrontendDeliveriesTest"); // one per test: a fresh InProcessFrontends
    server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 16);
    server.createContext("/internal/deliver", exchange -> {
      try {
        posted.add(EventBatch.decode(ByteString.fromArray(exchange.getRequestBody().readAllBytes())));
      } catch (ProblemException e) {
        posted.add(List.of());
      }
      exchange.sendResponseHeaders(204, -1);
      exchange.close();
    });
    server.start();
    registry = new Metrics("dc-test");
    metrics = new DispatcherMetrics(registry);
    deliveries = new FrontendDeliveries(testKit.system(), new LinkSettings(100, 1 << 20, 2, Duration.ofSeconds(5)),
        Duration.ofSeconds(2), "", metrics, new ByteBudget(Long.MAX_VALUE));
  }

  @AfterEach
  void stop() {
    server.stop(0);
    testKit.shutdownTestKit();
    registry.close();
  }

  private RegistryView.FrontendEndpoint frontend(String nodeId) {
    return new RegistryView.FrontendEndpoint(nodeId, "http://127.0.0.1:" + server.getAddress().getPort());
  }

  private static Event event(String id) {
    return Event.create(id, "live:42", "like", "{\"n\":1}".getBytes(UTF_8), 1700000000000L);
  }

  /** An intake recording what it is offered; refuses everything once {@code refusing}. */
  private static final class RecordingIntake implements FrontendIntake {
    final List<List<Event>> offered = new ArrayList<>();
    boolean refusing;

    @Override
    public boolean offer(List<Event> events) {
      offered.add(List.copyOf(events));
      return !refusing;
    }
  }

  @Test
  void aFrontendInThisActorSystemGetsEachBatchInOneCallAndNothingIsPosted() throws Exception {
    RecordingIntake intake = new RecordingIntake();
    InProcessFrontends.get(testKit.system()).register("local", intake);

    FrontendDelivery delivery = deliveries.to(frontend("local"));
    delivery.deliver(List.of(event("a"), event("b")));
    delivery.deliver(List.of(event("c")));

    assertInstanceOf(InProcessFrontendDelivery.class, delivery);
    assertEquals(List.of(List.of(event("a"), event("b")), List.of(event("c"))), intake.offered);
    assertNull(posted.poll(200, TimeUnit.MILLISECONDS), "nothing went over HTTP");
    assertEquals(3.0, metrics.frontendEvents.count());
    assertEquals(2.0, metrics.frontendPosts.count());
  }

  @Test
  void aBatchTheFrontendRefusesIsCountedAsDropped() {
    RecordingIntake intake = new RecordingIntake();
    intake.refusing = true;
    InProcessFrontends.get(testKit.system()).register("busy", intake);

    deliveries.to(frontend("busy")).deliver(List.of(event("a"), event("b")));

    assertEquals(1, intake.offered.size());
    assertEquals(1.0, metrics.frontendPostFailures.count());
    assertEquals(2.0, metrics.dropsPostFailed.count());
  }

  @Test
  void aFrontendInAnotherProcessGetsTheEventsOverHttp() throws Exception {
    FrontendDelivery delivery = deliveries.to(frontend("remote"));
    delivery.deliver(List.of(event("a")));

    assertInstanceOf(HttpFrontendDelivery.class, delivery);
    assertEquals(List.of(event("a")), posted.poll(WAIT_SECONDS, TimeUnit.SECONDS));
    assertEquals(1.0, metrics.frontendEvents.count());
  }

  @Test
  void keepsOneDeliveryPerFrontendWhileNothingChanges() {
    assertSame(deliveries.to(frontend("remote")), deliveries.to(frontend("remote")));
    InProcessFrontends.get(testKit.system()).register("local", new RecordingIntake());
    assertSame(deliveries.to(frontend("local")), deliveries.to(frontend("local")));
  }

  @Test
  void switchesToInProcessWhenTheFrontendRegistersLater() throws Exception {
    deliveries.to(frontend("late")).deliver(List.of(event("over-http")));
    assertNotNull(posted.poll(WAIT_SECONDS, TimeUnit.SECONDS));

    RecordingIntake intake = new RecordingIntake();
    InProcessFrontends.get(testKit.system()).register("late", intake);
    deliveries.to(frontend("late")).deliver(List.of(event("in-process")));

    assertEquals(List.of(List.of(event("in-process"))), intake.offered);
    assertNull(posted.poll(200, TimeUnit.MILLISECONDS));
  }

  @Test
  void goesBackToHttpWhenTheFrontendUnregisters() throws Exception {
    InProcessFrontends.get(testKit.system()).register("leaving", new RecordingIntake());
    deliveries.to(frontend("leaving")).deliver(List.of(event("a")));
    InProcessFrontends.get(testKit.system()).unregister("leaving");

    FrontendDelivery delivery = deliveries.to(frontend("leaving"));
    delivery.deliver(List.of(event("b")));

    assertInstanceOf(HttpFrontendDelivery.class, delivery);
    assertEquals(List.of(event("b")), posted.poll(WAIT_SECONDS, TimeUnit.SECONDS));
  }

  @Test
  void aNewEndpointGetsANewHttpLink() {
    FrontendDelivery first = deliveries.to(frontend("moving"));
    FrontendDelivery moved = deliveries.to(new RegistryView.FrontendEndpoint("moving", "http://127.0.0.1:1"));

    assertInstanceOf(HttpFrontendDelivery.class, moved);
    assertEquals(false, first == moved);
  }
}
