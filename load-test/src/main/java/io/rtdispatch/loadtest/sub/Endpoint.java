package io.rtdispatch.loadtest.sub;

import io.rtdispatch.loadtest.run.Target;
import java.net.InetSocketAddress;
import java.net.URI;

/**
 * One frontend a subscriber can connect to: the subscribe base URL, its socket address and Host header value.
 * Slots share these; a slot whose frontend ends its stream or refuses the connect moves on to the next one in the
 * list, as a load balancer routes around a backend that is gone.
 */
record Endpoint(URI base, InetSocketAddress remote, String host) {

  static Endpoint of(String url) {
    URI base = URI.create(url);
    return new Endpoint(base, new InetSocketAddress(base.getHost(), Target.port(base)),
        base.getHost() + ":" + Target.port(base));
  }
}
