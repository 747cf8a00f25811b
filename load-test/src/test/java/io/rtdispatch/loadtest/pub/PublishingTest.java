package io.rtdispatch.loadtest.pub;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.rtdispatch.loadtest.run.TargetKind;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class PublishingTest {

  @Test
  void batchFollowsTheRateWithinItsBounds() {
    assertEquals(1, PublishSettings.batchFor(60, 1, 10, 100), "60/s in 10 ms is less than one event");
    assertEquals(2, PublishSettings.batchFor(200, 1, 10, 100));
    assertEquals(59, PublishSettings.batchFor(5_900, 1, 10, 100));
    assertEquals(100, PublishSettings.batchFor(50_000, 1, 10, 100), "capped");
    assertEquals(5, PublishSettings.batchFor(50, 5, 10, 100), "--batch is the least");
    assertEquals(7, PublishSettings.batchFor(50_000, 7, 0, 100), "no window: the fixed batch");
  }

  /**
   * A one-connection HTTP server on loopback that reads {@code requests} pipelined POSTs and answers them in order
   * (with the given statuses, all in one write, so the client must split the responses itself); returns what it read.
   */
  private static CompletableFuture<String> server(ServerSocket listener, int requests, int... statuses) {
    return CompletableFuture.supplyAsync(() -> {
      try (Socket s = listener.accept()) {
        InputStream in = s.getInputStream();
        ByteArrayOutputStream seen = new ByteArrayOutputStream();
        byte[] buf = new byte[4096];
        while (count(seen.toString(StandardCharsets.US_ASCII), "}") < requests) {
          int n = in.read(buf);
          if (n < 0) {
            break;
          }
          seen.write(buf, 0, n);
        }
        StringBuilder answers = new StringBuilder();
        for (int status : statuses) {
          answers.append("HTTP/1.1 ").append(status).append(" X\r\nContent-Length: 2\r\n\r\nok");
        }
        OutputStream out = s.getOutputStream();
        out.write(answers.toString().getBytes(StandardCharsets.US_ASCII));
        out.flush();
        Thread.sleep(100);
        return seen.toString(StandardCharsets.US_ASCII);
      } catch (IOException | InterruptedException e) {
        throw new IllegalStateException(e);
      }
    });
  }

  private static int count(String text, String part) {
    return text.split(java.util.regex.Pattern.quote(part), -1).length - 1;
  }

  @Test
  void nchanBatchesGoOutPipelinedAndEachAnswerCounts() throws Exception {
    try (ServerSocket listener = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      CompletableFuture<String> seen = server(listener, 3, 201, 500, 202);
      URI base = URI.create("http://127.0.0.1:" + listener.getLocalPort() + "/pub");
      try (HttpPublishClient client = new HttpPublishClient(base)) {
        boolean[] accepted = new boolean[3];
        int ok = BatchPublish.send(client, TargetKind.NCHAN, new String[] {"a", "b", "c"},
            new String[] {"{\"n\":1}", "{\"n\":2}", "{\"n\":3}"}, 3, accepted);
        assertEquals(2, ok);
        assertArrayEquals(new boolean[] {true, false, true}, accepted);
      }
      String requests = seen.get(5, TimeUnit.SECONDS);
      assertEquals(3, count(requests, "POST /pub/"), requests);
      assertTrue(requests.indexOf("POST /pub/a") < requests.indexOf("POST /pub/b")
          && requests.indexOf("POST /pub/b") < requests.indexOf("POST /pub/c"), requests);
    }
  }

  @Test
  void oursTakesABatchAsOneJsonArray() throws Exception {
    try (ServerSocket listener = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      CompletableFuture<String> seen = server(listener, 2, 202);
      try (HttpPublishClient client = new HttpPublishClient(URI.create("http://127.0.0.1:" + listener.getLocalPort()))) {
        boolean[] accepted = new boolean[2];
        assertEquals(2, BatchPublish.send(client, TargetKind.RTD, new String[] {"t1", "t2"},
            new String[] {"{\"n\":1}", "{\"n\":2}"}, 2, accepted));
      }
      String request = seen.get(5, TimeUnit.SECONDS);
      assertEquals(1, count(request, "POST /publish"), request);
      assertTrue(request.contains("[{\"topic\":\"t1\",\"type\":\"like\",\"data\":{\"n\":1}},{\"topic\":\"t2\""), request);
    }
  }

  @Test
  void aConnectionClosedAfterSomeAnswersFailsOnlyTheRest() throws Exception {
    try (ServerSocket listener = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      server(listener, 3, 201); // answers one of three, then closes
      try (HttpPublishClient client = new HttpPublishClient(URI.create("http://127.0.0.1:" + listener.getLocalPort()))) {
        int[] statuses = client.postAll(new String[] {"/a", "/b", "/c"}, new String[] {"{}", "{}", "{}"}, 3);
        assertArrayEquals(new int[] {201, 0, 0}, statuses);
      }
    }
  }
}
