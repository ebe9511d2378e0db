package dev.retrykit.spring.docs;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** Every relative link of README.md and docs/ points at a file that exists, and every anchor at a heading. */
class DocumentationLinksTest {

    private static final Pattern LINK = Pattern.compile("\\]\\(([^)\\s]+)\\)");

    @Test
    void everyRelativeLinkResolves() {
        List<String> broken = new ArrayList<>();
        for (Path file : RepositoryDocs.markdownFiles()) {
            Matcher m = LINK.matcher(withoutCodeBlocks(RepositoryDocs.read(file)));
            while (m.find()) {
                String target = m.group(1);
                if (target.matches("^[a-z]+:.*")) {
                    continue;
                }
                String problem = check(file, target);
                if (problem != null) {
                    broken.add(RepositoryDocs.ROOT.relativize(file) + " -> " + target + ": " + problem);
                }
            }
        }
        assertThat(broken).isEmpty();
    }

    @Test
    void theGuidesTheReadmePromisesExist() {
        String readme = RepositoryDocs.read(RepositoryDocs.ROOT.resolve("README.md"));
        assertThat(readme).contains("docs/getting-started.md", "docs/annotations.md", "docs/configuration.md",
                "docs/faults.md", "docs/operations.md", "docs/distributed.md", "docs/troubleshooting.md",
                "docs/testing.md", "docs/migration/resilience4j.md", "docs/migration/spring-retry.md",
                "docs/migration/spring-framework-retryable.md");
    }

    private static String check(Path from, String target) {
        int hash = target.indexOf('#');
        String path = hash < 0 ? target : target.substring(0, hash);
        String anchor = hash < 0 ? null : target.substring(hash + 1);
        Path resolved = path.isEmpty() ? from : from.getParent().resolve(path).normalize();
        if (!Files.exists(resolved)) {
            return "no such file";
        }
        if (anchor != null && resolved.toString().endsWith(".md") && !anchors(resolved).contains(anchor)) {
            return "no heading with anchor #" + anchor + " (has " + anchors(resolved) + ")";
        }
        return null;
    }

    /** GitHub's anchors of the file's headings: lower case, punctuation dropped, spaces as dashes. */
    private static List<String> anchors(Path file) {
        List<String> anchors = new ArrayList<>();
        for (String line : withoutCodeBlocks(RepositoryDocs.read(file)).split("\n")) {
            if (line.startsWith("#")) {
                String title = line.replaceFirst("^#+\\s*", "").strip().toLowerCase(Locale.ROOT);
                anchors.add(title.replaceAll("[^\\p{L}\\p{N} _-]", "").replace(' ', '-'));
            }
        }
        return anchors;
    }

    private static String withoutCodeBlocks(String markdown) {
        return markdown.replaceAll("(?s)```.*?```", "");
    }
}
