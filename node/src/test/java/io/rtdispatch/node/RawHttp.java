package io.rtdispatch.node;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.rtdispatch.common.testing.HttpHead;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Requests written byte for byte on a plain socket, for what an HTTP library will not send (an
 * undecodable request line, a connect that is abandoned at once), and their answers read back.
 */
final class RawHttp {

  private static final ObjectMapper JSON = new ObjectMapper();

  /** An answer with a Content-Length body (what every non-stream answer has). */
  record Answer(int status, Map<String, String> headers, String body) {
    JsonNode json() throws IOException {
      return JSON.readTree(body);
    }
  }

  private RawHttp() {}

  /** {@code GET target HTTP/1.1} with a Host header and nothing else. */
  static byte[] get(InetSocketAddress server, String target) {
    return ("GET " + target + " HTTP/1.1\r\nHost: " + server.getHostString() + ":" + server.getPort() + "\r\n\r\n")
        .getBytes(StandardCharsets.ISO_8859_1);
  }

  /** Sends {@code request} as it is and reads the answer's head and body. */
  static Answer exchange(InetSocketAddress server, byte[] request) throws IOException {
    return exchange(server, request, 1).get(0);
  }

  /** Sends {@code request} (several pipelined requests, say) and reads {@code answers} answers. */
  static List<Answer> exchange(InetSocketAddress server, byte[] request, int answers) throws IOException {
    try (Socket socket = new Socket()) {
      socket.connect(server, 5000);
      socket.setSoTimeout(10_000);
      socket.getOutputStream().write(request);
      InputStream in = socket.getInputStream();
      List<Answer> read = new ArrayList<>();
      while (read.size() < answers) {
        HttpHead head = HttpHead.read(in);
        int length = Integer.parseInt(head.headers().getOrDefault("content-length", "0"));
        read.add(new Answer(head.status(), head.headers(), new String(in.readNBytes(length), StandardCharsets.UTF_8)));
      }
      return read;
    }
  }

  /**
   * Opens a stream ({@code GET target}) that reads its connected frame and then nothing more, on a
   * 4 KiB receive buffer: a client that stopped reading, the cheapest kind for the test side.
   *
   * @throws IOException if the answer ends before a connected frame (a refusal)
   */
  static SocketChannel idleStream(InetSocketAddress server, String target) throws IOException {
    SocketChannel channel = SocketChannel.open();
    channel.setOption(StandardSocketOptions.SO_RCVBUF, 4096);
    channel.connect(server);
    channel.write(ByteBuffer.wrap(get(server, target)));
    ByteBuffer answer = ByteBuffer.allocate(4096);
    while (!new String(answer.array(), 0, answer.position(), StandardCharsets.ISO_8859_1).contains("connectionId")) {
      if (!answer.hasRemaining() || channel.read(answer) < 0) {
        channel.close();
        throw new IOException("no connected frame: " + new String(answer.array(), 0, answer.position(),
            StandardCharsets.ISO_8859_1));
      }
    }
    return channel;
  }
}
