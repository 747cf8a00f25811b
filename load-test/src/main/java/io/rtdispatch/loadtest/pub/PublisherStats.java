package io.rtdispatch.loadtest.pub;

/**
 * Publisher totals. {@code late} events were sent more than the late threshold after their due time; {@code
 * dropped} events were not sent at all because they were already later than the maximum lateness (the open loop
 * gives up on them rather than slowing down); {@code failed} got an error status or an I/O error.
 */
public record PublisherStats(long scheduled, long sent, long accepted, long failed, long late, long dropped,
    long requests) {
}
