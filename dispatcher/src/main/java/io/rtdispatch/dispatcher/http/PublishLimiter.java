package io.rtdispatch.dispatcher.http;

/**
 * A token bucket over events per second for one dispatcher (not per client): the configured
 * limit protects the node, and a publisher over it gets a 429 instead of a slow or failing node.
 * A rate of 0 means no limit. One second of burst is allowed.
 */
final class PublishLimiter {

  private final int eventsPerSecond;
  private double tokens;
  private long lastRefill = System.nanoTime();

  PublishLimiter(int eventsPerSecond) {
    this.eventsPerSecond = eventsPerSecond;
    this.tokens = eventsPerSecond;
  }

  synchronized boolean tryAcquire(int events) {
    if (eventsPerSecond <= 0) {
      return true;
    }
    long now = System.nanoTime();
    tokens = Math.min(eventsPerSecond, tokens + (now - lastRefill) / 1e9 * eventsPerSecond);
    lastRefill = now;
    if (tokens < events) {
      return false;
    }
    tokens -= events;
    return true;
  }
}
