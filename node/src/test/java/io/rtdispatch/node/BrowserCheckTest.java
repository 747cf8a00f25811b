package io.rtdispatch.node;

import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The demo page ({@code GET /}) in a real headless Chromium, as scripts/browser-check/README.md
 * describes: two tabs go live and get the system's viewer count, a like floats a heart and counts
 * in both, comments show in both as text, a late joiner sees the recent comments, odd payloads break
 * nothing, the page fits a phone; and a refused EventSource comes back by itself. Each script runs
 * against its own embedded node on free ports and fails with its own words.
 *
 * <p>On a clean machine it installs what it needs first: Debian's chromium, node and npm
 * (scripts/ci/install-deps.sh, as root) and playwright-core from the lockfile ({@code npm ci}).
 * The two scripts are bounded to under two minutes together.
 */
class BrowserCheckTest {

  private static final Path CHECKS = Scripts.REPO.resolve("scripts/browser-check");
  private static final Duration NPM_TIMEOUT = Duration.ofMinutes(5);
  private static final Duration PAGE_CHECK_TIMEOUT = Duration.ofSeconds(75);
  private static final Duration REFUSAL_CHECK_TIMEOUT = Duration.ofSeconds(40);

  @BeforeAll
  static void installChromiumAndPlaywright() throws Exception {
    Scripts.installDeps("chromium", "node", "npm");
    if (!Files.exists(CHECKS.resolve("node_modules/playwright-core/package.json"))) {
      Scripts.run(List.of("npm", "ci", "--no-audit", "--no-fund"), CHECKS, Map.of(), NPM_TIMEOUT);
    }
  }

  @Test
  void theDemoPageWorksInTwoTabsOfARealBrowser() throws Exception {
    int dispatcherPort = TestNodes.freePort();
    try (RtdNode node = TestNodes.start(
        "rtd.dispatcher.http.port", dispatcherPort,
        "rtd.frontend.demo.publish-url", "http://127.0.0.1:" + dispatcherPort + "/publish",
        "rtd.presence.push-topics", "live:*")) {
      Path shots = Path.of("target", "browser-check").toAbsolutePath();
      Scripts.run(List.of("node", "check.mjs", pageUrl(node.frontendAddress()), shots.toString()), CHECKS, Map.of(),
          PAGE_CHECK_TIMEOUT);
    }
  }

  @Test
  void aRefusedEventSourceStaysConnectingAndConnectsByItselfOnceASlotIsFree() throws Exception {
    try (RtdNode node = TestNodes.start("rtd.frontend.max-connections", 3, "rtd.frontend.retry-hint", "1s")) {
      Scripts.run(List.of("node", "refusal.mjs", pageUrl(node.frontendAddress())), CHECKS, Map.of(),
          REFUSAL_CHECK_TIMEOUT);
    }
  }

  private static String pageUrl(InetSocketAddress frontend) {
    return "http://127.0.0.1:" + frontend.getPort() + "/";
  }
}
