package io.rtdispatch.node;

import io.rtdispatch.common.testing.HttpHead;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.SequenceInputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Sends a {@link FuzzInputs.Case} on a plain socket and reads what comes back: answers framed by
 * Content-Length or chunked encoding, an event stream's head only (its body never ends), or, for
 * a slow sender, whether the node cut it off.
 */
final class FuzzWire {

  /** An answer; {@code body} is empty for an event stream (only its head is read) and for HEAD. */
  record Answer(int status, Map<String, String> headers, byte[] body) {
    boolean eventStream() {
      return headers.getOrDefault("content-type", "").startsWith("text/event-stream");
    }

    String text() {
      return new String(body, StandardCharsets.UTF_8);
    }
  }

  /**
   * What one case got: its answers in order, and how the connection ended ({@code null} while it
   * was still open when reading stopped; a stream's head ends reading).
   */
  record Outcome(List<Answer> answers, String end) {}

  /** Longer than any deadline of the node under test: a read that times out is a node that hangs. */
  private static final int READ_TIMEOUT_MS = 15_000;
  /** Pause between the bytes of a slow sender. */
  private static final long SLOW_BYTE_MS = 250;

  private FuzzWire() {}

  static Outcome send(InetSocketAddress server, FuzzInputs.Case fuzz) throws IOException {
    try (Socket socket = new Socket()) {
      socket.connect(server, 5000);
      socket.setSoTimeout(READ_TIMEOUT_MS);
      return switch (fuzz.mode()) {
        case ABRUPT -> abandon(socket, fuzz.bytes(), fuzz.index());
        case SLOW -> trickle(socket, fuzz.bytes());
        case ANSWERS -> answers(socket, fuzz);
      };
    }
  }

  private static Outcome answers(Socket socket, FuzzInputs.Case fuzz) throws IOException {
    List<Answer> answers = new ArrayList<>();
    try {
      socket.getOutputStream().write(fuzz.bytes());
    } catch (SocketException e) {
      return new Outcome(answers, "reset while sending"); // the node answered early and closed
    }
    boolean head = new String(fuzz.bytes(), 0, Math.min(5, fuzz.bytes().length), StandardCharsets.ISO_8859_1)
        .equals("HEAD ");
    InputStream in = socket.getInputStream();
    try {
      while (answers.size() < fuzz.requests()) {
        HttpHead answer = readHead(in);
        if (answer == null) {
          return new Outcome(answers, "closed");
        }
        Answer read = new Answer(answer.status(), answer.headers(),
            head || contentTypeIsStream(answer) ? new byte[0] : body(in, answer.headers()));
        answers.add(read);
        if (read.eventStream()) {
          return new Outcome(answers, null);
        }
      }
      return new Outcome(answers, null);
    } catch (SocketTimeoutException e) {
      return new Outcome(answers, "no answer within " + READ_TIMEOUT_MS + " ms");
    } catch (SocketException e) {
      return new Outcome(answers, "reset");
    }
  }

  /** Sends part of a request and closes, half the time with a reset (SO_LINGER 0) instead of a FIN. */
  private static Outcome abandon(Socket socket, byte[] part, int index) throws IOException {
    if (index % 2 == 0) {
      socket.setSoLinger(true, 0);
    }
    socket.getOutputStream().write(part);
    return new Outcome(List.of(), "abandoned");
  }

  /** Sends a byte every {@link #SLOW_BYTE_MS} until the node closes, answers, or the request ends. */
  private static Outcome trickle(Socket socket, byte[] request) throws IOException {
    socket.setSoTimeout((int) SLOW_BYTE_MS);
    OutputStream out = socket.getOutputStream();
    InputStream in = socket.getInputStream();
    for (byte b : request) {
      try {
        out.write(b);
        int first = in.read();
        if (first < 0) {
          return new Outcome(List.of(), "closed");
        }
        socket.setSoTimeout(READ_TIMEOUT_MS);
        HttpHead answer = HttpHead.read(new SequenceInputStream(new ByteArrayInputStream(new byte[] {(byte) first}), in));
        return new Outcome(List.of(new Answer(answer.status(), answer.headers(), body(in, answer.headers()))),
            "answered");
      } catch (SocketTimeoutException e) {
        // still open: send the next byte
      } catch (SocketException e) {
        return new Outcome(List.of(), "reset");
      }
    }
    return new Outcome(List.of(), null);
  }

  /** The next answer's head, skipping 1xx interim answers; null if the connection ended first. */
  private static HttpHead readHead(InputStream in) throws IOException {
    while (true) {
      HttpHead head;
      try {
        head = HttpHead.read(in);
      } catch (IOException e) {
        if (e instanceof SocketTimeoutException || e instanceof SocketException) {
          throw e;
        }
        return null; // "stream ended"
      }
      if (head.status() >= 200) {
        return head;
      }
    }
  }

  private static boolean contentTypeIsStream(HttpHead head) {
    return head.headers().getOrDefault("content-type", "").startsWith("text/event-stream");
  }

  private static byte[] body(InputStream in, Map<String, String> headers) throws IOException {
    if (headers.containsKey("content-length")) {
      return in.readNBytes(Integer.parseInt(headers.get("content-length")));
    }
    if (!"chunked".equalsIgnoreCase(headers.get("transfer-encoding"))) {
      return new byte[0];
    }
    ByteArrayOutputStream body = new ByteArrayOutputStream();
    int size;
    while ((size = Integer.parseInt(HttpHead.readLine(in).split(";")[0].trim(), 16)) > 0) {
      body.writeBytes(in.readNBytes(size));
      HttpHead.readLine(in);
    }
    HttpHead.readLine(in);
    return body.toByteArray();
  }
}
