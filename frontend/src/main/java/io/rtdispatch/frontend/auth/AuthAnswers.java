package io.rtdispatch.frontend.auth;

import akka.http.javadsl.model.HttpResponse;
import akka.http.javadsl.model.headers.RawHeader;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.rtdispatch.common.http.HttpSupport;
import io.rtdispatch.common.http.server.JsonResponses;

/**
 * The HTTP answer to a {@link SubscriberAuth.Refused}: its status (401 or 403) with
 * {@code {"error":"…"}}, and for a 401 the {@code WWW-Authenticate: Bearer} challenge of RFC 6750
 * section 3 ({@code error="invalid_token"} when a token was sent). One shape for
 * {@code GET /connect} (Netty) and {@code /subscriptions} (Akka HTTP).
 */
public final class AuthAnswers {

  private AuthAnswers() {}

  /** The 401 challenge header's value, or null for a 403. */
  static String challenge(SubscriberAuth.Refused refused) {
    return switch (refused.reason()) {
      case MISSING -> "Bearer realm=\"subscriptions\"";
      case INVALID, EXPIRED -> "Bearer realm=\"subscriptions\", error=\"invalid_token\"";
      case FORBIDDEN -> null;
    };
  }

  /** @param allowOrigin the {@code Access-Control-Allow-Origin} value, or null for none */
  public static FullHttpResponse netty(SubscriberAuth.Refused refused, String allowOrigin) {
    FullHttpResponse response = JsonResponses.error(refused.problem(), allowOrigin);
    String challenge = challenge(refused);
    if (challenge != null) {
      response.headers().set(HttpHeaderNames.WWW_AUTHENTICATE, challenge);
    }
    return response;
  }

  public static HttpResponse akka(SubscriberAuth.Refused refused) {
    HttpResponse response = HttpSupport.error(refused.problem());
    String challenge = challenge(refused);
    return challenge == null ? response : response.addHeader(RawHeader.create("WWW-Authenticate", challenge));
  }
}
