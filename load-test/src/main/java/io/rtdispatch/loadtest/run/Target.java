package io.rtdispatch.loadtest.run;

import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * One system under test, parsed from {@code --target}. Forms:
 * {@code ours}, {@code nchan} (defaults), or {@code NAME=KIND[,sub=URL]...[,pub=URL]...[,pid=PID]}.
 * Only loopback URLs are accepted: this tool must never load anything but the local machine.
 */
public record Target(String name, TargetKind kind, List<URI> subscribeUrls, List<URI> publishUrls, Integer pid) {

  public static Target parse(String spec) {
    String[] parts = spec.split(",");
    String head = parts[0].trim();
    int eq = head.indexOf('=');
    String name = eq < 0 ? head : head.substring(0, eq).trim();
    String kindText = eq < 0 ? defaultKindFor(name, spec) : head.substring(eq + 1).trim();
    if (name.isEmpty() || !name.matches("[A-Za-z0-9_.-]+")) {
      throw new IllegalArgumentException("target name must be letters, digits, '_', '.' or '-': '" + spec + "'");
    }
    TargetKind kind = parseKind(kindText, spec);
    List<URI> subs = new ArrayList<>();
    List<URI> pubs = new ArrayList<>();
    Integer pid = null;
    for (int i = 1; i < parts.length; i++) {
      String part = parts[i].trim();
      int at = part.indexOf('=');
      if (at < 0) {
        throw new IllegalArgumentException("expected key=value in target '" + spec + "', got '" + part + "'");
      }
      String key = part.substring(0, at);
      String value = part.substring(at + 1);
      switch (key) {
        case "sub" -> subs.add(loopbackUri(value, spec));
        case "pub" -> pubs.add(loopbackUri(value, spec));
        case "pid" -> pid = parsePid(value, spec);
        default -> throw new IllegalArgumentException(
            "unknown key '" + key + "' in target '" + spec + "' (known: sub, pub, pid)");
      }
    }
    if (subs.isEmpty()) {
      subs.add(URI.create(kind.defaultSubscribeUrl()));
    }
    if (pubs.isEmpty()) {
      pubs.add(URI.create(kind.defaultPublishUrl()));
    }
    return new Target(name, kind, List.copyOf(subs), List.copyOf(pubs), pid);
  }

  private static String defaultKindFor(String name, String spec) {
    return switch (name.toLowerCase(Locale.ROOT)) {
      case "ours", "rtd" -> "rtd";
      case "nchan" -> "nchan";
      default -> throw new IllegalArgumentException("target '" + spec
          + "' needs a kind: NAME=rtd or NAME=nchan (only 'ours' and 'nchan' have defaults)");
    };
  }

  private static TargetKind parseKind(String text, String spec) {
    return switch (text.toLowerCase(Locale.ROOT)) {
      case "rtd", "ours" -> TargetKind.RTD;
      case "nchan" -> TargetKind.NCHAN;
      default -> throw new IllegalArgumentException("unknown target kind '" + text + "' in '" + spec
          + "' (expected rtd or nchan)");
    };
  }

  private static Integer parsePid(String value, String spec) {
    try {
      return Integer.parseInt(value);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("pid must be a number in target '" + spec + "'");
    }
  }

  static URI loopbackUri(String value, String spec) {
    URI uri;
    try {
      uri = URI.create(value);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("bad URL '" + value + "' in target '" + spec + "'");
    }
    if (!"http".equals(uri.getScheme()) || uri.getHost() == null) {
      throw new IllegalArgumentException("URL must be http://host:port/... in target '" + spec + "': " + value);
    }
    try {
      if (!InetAddress.getByName(uri.getHost()).isLoopbackAddress()) {
        throw new IllegalArgumentException("only loopback targets are allowed, not " + uri.getHost());
      }
    } catch (UnknownHostException e) {
      throw new IllegalArgumentException("unknown host " + uri.getHost() + " in target '" + spec + "'");
    }
    return uri;
  }

  /** Port of a URL, defaulting to 80. */
  public static int port(URI uri) {
    return uri.getPort() < 0 ? 80 : uri.getPort();
  }
}
