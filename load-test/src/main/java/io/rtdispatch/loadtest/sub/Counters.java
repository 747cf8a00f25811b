package io.rtdispatch.loadtest.sub;

/**
 * Subscriber-side totals at one moment, summed over connections, threads and worker processes.
 *
 * @param connectAttempts TCP connects started (initial and reconnects)
 * @param streamsOpened responses with status 200 and an event-stream body
 * @param openNow streams open at the moment of the snapshot
 * @param connectFailures connects that failed, timed out, or got a non-200 / non-SSE answer
 * @param serverCloses open streams ended by the server or the network
 * @param reconnects reconnects started (after a server close or a storm)
 * @param deliveries load-test events received (duplicates included, probes excluded)
 * @param unique first receipt of an (subscriber, event) pair
 * @param duplicates further receipts of a pair
 * @param probes routability probes received
 * @param heartbeats SSE comment lines
 * @param otherEvents frames without the load-test marker (e.g. our "connected" frame)
 * @param bytes body bytes received
 * @param protocolErrors connections dropped for malformed HTTP
 * @param routable streams that received their first event since opening
 * @param stalled streams that stopped reading on purpose (slow readers) and are still open
 * @param recovered first receipts, on a stream opened by a reconnect, of events published before that reconnect
 *     started (only a replay brings those; see {@code SubscriberConnection})
 * @param resumeRequests connect attempts that sent the last event id (Last-Event-ID header or query parameter)
 * @param recoveredTrue answers to those whose {@code connected} frame said {@code "recovered":true}
 * @param recoveredFalse answers to those whose {@code connected} frame said {@code "recovered":false}
 * @param longestGapMicros longest time any client was without a stream between two streams (µs; a maximum, not a
 *     sum)
 */
public record Counters(long connectAttempts, long streamsOpened, long openNow, long connectFailures,
    long serverCloses, long reconnects, long deliveries, long unique, long duplicates, long probes,
    long heartbeats, long otherEvents, long bytes, long protocolErrors, long routable, long stalled,
    long recovered, long resumeRequests, long recoveredTrue, long recoveredFalse, long longestGapMicros) {

  public static final Counters ZERO = new Counters(0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
      0);

  public Counters plus(Counters o) {
    return new Counters(connectAttempts + o.connectAttempts, streamsOpened + o.streamsOpened, openNow + o.openNow,
        connectFailures + o.connectFailures, serverCloses + o.serverCloses, reconnects + o.reconnects,
        deliveries + o.deliveries, unique + o.unique, duplicates + o.duplicates, probes + o.probes,
        heartbeats + o.heartbeats, otherEvents + o.otherEvents, bytes + o.bytes, protocolErrors + o.protocolErrors,
        routable + o.routable, stalled + o.stalled, recovered + o.recovered, resumeRequests + o.resumeRequests,
        recoveredTrue + o.recoveredTrue, recoveredFalse + o.recoveredFalse,
        Math.max(longestGapMicros, o.longestGapMicros));
  }
}
