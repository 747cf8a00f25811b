package io.rtdispatch.common.http;

import akka.NotUsed;
import akka.http.javadsl.model.HttpEntities;
import akka.http.javadsl.model.HttpRequest;
import akka.http.javadsl.model.HttpResponse;
import akka.http.javadsl.model.ResponseEntity;
import akka.stream.KillSwitches;
import akka.stream.SharedKillSwitch;
import akka.stream.javadsl.Flow;
import akka.util.ByteString;

/**
 * Ends a connection's streaming responses as soon as the client closes the connection.
 *
 * <p>Akka HTTP keeps a server connection's write side open after the peer closes its side, so
 * an SSE response would go on until a heartbeat write fails, two heartbeat intervals later: the
 * closed connection would keep counting against the connection limit and keep its topics
 * registered. Per connection, this watches the request side (which completes when the client
 * closes) and then completes every chunked response entity still streaming (SSE streams are
 * chunked; other responses are left alone).
 */
final class PeerCloseWatch {

  private PeerCloseWatch() {}

  static Flow<HttpRequest, HttpResponse, NotUsed> wrap(Flow<HttpRequest, HttpResponse, NotUsed> handler) {
    return Flow.fromMaterializer((materializer, attributes) -> {
      SharedKillSwitch peerClosed = KillSwitches.shared("peer-closed");
      return Flow.<HttpRequest>create()
          .watchTermination((notUsed, requestsDone) -> {
            requestsDone.whenComplete((done, failure) -> peerClosed.shutdown());
            return notUsed;
          })
          .via(handler)
          .map(response -> {
            ResponseEntity entity = response.entity();
            return !entity.isChunked() ? response : response.withEntity(
                HttpEntities.create(entity.getContentType(), entity.getDataBytes().via(peerClosed.<ByteString>flow())));
          });
    }).mapMaterializedValue(future -> NotUsed.getInstance());
  }
}
