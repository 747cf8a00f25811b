package io.rtdispatch.node;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Every relative link in README.md and docs/*.md leads somewhere: the file exists and, for a
 * {@code #fragment}, the file has a heading with that anchor as GitHub makes it (lower case,
 * punctuation dropped, each space a hyphen). A newcomer found {@code docs/api.md#get-connect}
 * pointing at nothing.
 */
class DocsLinksTest {

  private static final Pattern LINK = Pattern.compile("\\]\\(([^)\\s]+)\\)");
  private static final Pattern HEADING = Pattern.compile("^#{1,6}\\s+(.*)$", Pattern.MULTILINE);

  @Test
  void everyRelativeLinkAndAnchorResolves() throws IOException {
    List<Path> pages = new ArrayList<>(List.of(DeployFiles.ROOT.resolve("README.md")));
    try (Stream<Path> docs = Files.list(DeployFiles.ROOT.resolve("docs"))) {
      docs.filter(p -> p.toString().endsWith(".md")).forEach(pages::add);
    }
    List<String> broken = new ArrayList<>();
    int checked = 0;
    for (Path page : pages) {
      Matcher m = LINK.matcher(withoutCodeBlocks(Files.readString(page)));
      while (m.find()) {
        String target = m.group(1);
        if (target.matches("^[a-z]+:.*")) {
          continue; // http:, https:, mailto:
        }
        int hash = target.indexOf('#');
        String file = hash < 0 ? target : target.substring(0, hash);
        Path linked = file.isEmpty() ? page : page.getParent().resolve(file).normalize();
        checked++;
        if (!Files.exists(linked)) {
          broken.add(DeployFiles.ROOT.relativize(page) + ": " + target + " (no such file)");
        } else if (hash >= 0 && linked.toString().endsWith(".md")
            && !anchors(Files.readString(linked)).contains(target.substring(hash + 1))) {
          broken.add(DeployFiles.ROOT.relativize(page) + ": " + target + " (no such heading)");
        }
      }
    }
    assertTrue(checked > 20, "links were found: " + checked);
    assertTrue(broken.isEmpty(), "broken links:\n" + String.join("\n", broken));
  }

  /** GitHub's heading anchors of a Markdown text. */
  static Set<String> anchors(String markdown) {
    Set<String> anchors = new HashSet<>();
    Matcher m = HEADING.matcher(withoutCodeBlocks(markdown));
    while (m.find()) {
      String slug = m.group(1).trim().toLowerCase(Locale.ROOT).replaceAll("[^\\p{L}\\p{N} _-]", "").replace(' ', '-');
      String unique = slug;
      for (int n = 1; !anchors.add(unique); n++) {
        unique = slug + "-" + n;
      }
    }
    return anchors;
  }

  private static String withoutCodeBlocks(String markdown) {
    return markdown.replaceAll("(?s)```.*?```", "");
  }
}
