package io.rtdispatch.frontend.http;

import akka.http.javadsl.model.ContentType;
import akka.http.javadsl.model.ContentTypes;
import akka.http.javadsl.model.HttpCharsets;
import akka.http.javadsl.model.HttpHeader;
import akka.http.javadsl.model.HttpRequest;
import akka.http.javadsl.model.MediaTypes;
import akka.http.javadsl.model.headers.RawHeader;
import java.net.URI;
import java.util.List;
import java.util.function.IntSupplier;
import java.util.regex.Pattern;

/**
 * The demo page's files ({@code GET /}, {@code /demo.js}, {@code /demo.css}; {@code /favicon.ico}
 * answers 204), what it is told at {@code GET /demo/config}, and the headers it is served with: a Content-Security-Policy that
 * lets it load only its own script and style and connect only to this frontend and its publish
 * URL, frame protection ({@code frame-ancestors 'none'}, {@code X-Frame-Options: DENY}),
 * {@code X-Content-Type-Options: nosniff} and {@code Referrer-Policy: no-referrer} (issue 9).
 *
 * <p>Where the page publishes: {@code rtd.frontend.demo.publish-url}, or when empty the host the
 * browser used for the page on the dispatcher's port: the bound one of this process's dispatcher,
 * else {@code rtd.frontend.demo.publish-port} (which follows {@code rtd.dispatcher.http.port},
 * 8081 unless moved); a scheme-relative URL, so it keeps the page's scheme. A Host header that is not a plain host name or address gives no
 * publish URL (the page says it cannot publish) rather than putting request bytes in a header.
 */
final class DemoPage {

  static final ContentType HTML = ContentTypes.TEXT_HTML_UTF8;
  static final ContentType SCRIPT = MediaTypes.APPLICATION_JAVASCRIPT.toContentType(HttpCharsets.UTF_8);
  static final ContentType STYLE = MediaTypes.TEXT_CSS.toContentType(HttpCharsets.UTF_8);

  private static final Pattern HOST = Pattern.compile("[A-Za-z0-9.-]{1,253}|\\[[0-9A-Fa-f:.]{2,45}\\]");

  private final String topic;
  private final String configuredPublishUrl;
  private final String configuredPublishOrigin;
  private final String dataCenter;
  private final String nodeId;
  private final IntSupplier publishPort;

  /** @param publishPort the port on the page's host to publish to when {@code publishUrl} is empty */
  DemoPage(String topic, String publishUrl, IntSupplier publishPort, String dataCenter, String nodeId) {
    this.topic = topic;
    this.publishPort = publishPort;
    this.configuredPublishUrl = publishUrl;
    this.configuredPublishOrigin = publishUrl.isEmpty() ? "" : origin(publishUrl);
    this.dataCenter = dataCenter;
    this.nodeId = nodeId;
  }

  /** The page's {@code /demo/config}, its keys in this order: topic, publish URL (may be empty), data center, node id. */
  record Config(String topic, String publishUrl, String dataCenter, String nodeId) {}

  Config config(HttpRequest request) {
    return new Config(topic, publishUrl(request), dataCenter, nodeId);
  }

  /** The security headers of the page and its files, the policy's connect-src fitted to {@code request}. */
  List<HttpHeader> headers(HttpRequest request) {
    String publish = publishSource(request);
    String policy = "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'"
        + (publish.isEmpty() ? "" : " " + publish) + "; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";
    return List.of(RawHeader.create("Content-Security-Policy", policy), RawHeader.create("X-Frame-Options", "DENY"),
        RawHeader.create("X-Content-Type-Options", "nosniff"), RawHeader.create("Referrer-Policy", "no-referrer"));
  }

  private String publishUrl(HttpRequest request) {
    if (!configuredPublishUrl.isEmpty()) {
      return configuredPublishUrl;
    }
    String source = publishSource(request);
    return source.isEmpty() ? "" : "//" + source + "/publish";
  }

  /** Where the page may publish, as a CSP source: the configured URL's origin, or page host:publish port. */
  private String publishSource(HttpRequest request) {
    if (!configuredPublishUrl.isEmpty()) {
      return configuredPublishOrigin;
    }
    String host = pageHost(request);
    return host.isEmpty() ? "" : host + ":" + publishPort.getAsInt();
  }

  /** The host part of the request's Host header if it is a plain name or address, else "". */
  static String pageHost(HttpRequest request) {
    String value = request.getHeader("Host").map(HttpHeader::value).orElse("").trim();
    int end = value.startsWith("[") ? value.indexOf(']') + 1 : value.indexOf(':');
    String host = end > 0 ? value.substring(0, end) : value;
    return HOST.matcher(host).matches() ? host : "";
  }

  /** {@code scheme://host[:port]} of a configured URL; "" if it is not an http(s) URL. */
  static String origin(String url) {
    try {
      URI uri = new URI(url);
      String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase();
      if (!(scheme.equals("http") || scheme.equals("https")) || uri.getHost() == null
          || !HOST.matcher(uri.getHost()).matches()) {
        return "";
      }
      return scheme + "://" + uri.getHost() + (uri.getPort() < 0 ? "" : ":" + uri.getPort());
    } catch (java.net.URISyntaxException e) {
      return "";
    }
  }
}
