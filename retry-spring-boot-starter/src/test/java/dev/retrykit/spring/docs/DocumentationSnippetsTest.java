package dev.retrykit.spring.docs;

import static org.assertj.core.api.Assertions.assertThat;

import dev.retrykit.spring.autoconfigure.RetryAutoConfiguration;
import dev.retrykit.spring.autoconfigure.RetryTestContexts;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.env.YamlPropertySourceLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.core.env.PropertySource;
import org.springframework.core.io.ByteArrayResource;

/**
 * Every snippet of the documentation works: a {@code java} block is code compiled by this build (its lines, in
 * order, are in one test source file of the repository, for the starter under {@code docs/snippets}; a block whose first line is {@code // before:} shows another
 * library's code and is skipped), and a {@code yaml} block with a {@code retry} key starts the starter.
 */
class DocumentationSnippetsTest {

    private static final Path SNIPPETS = Path.of("src/test/java/dev/retrykit/spring/docs/snippets");

    /** Where else a module may keep the code its documentation shows: any test source of the repository. */
    private static final String TEST_SOURCES = "/src/test/";

    @TestFactory
    Stream<DynamicTest> everyJavaSnippetIsCompiledCode() {
        List<List<String>> sources = snippetSources();
        return RepositoryDocs.codeBlocks("java").stream()
                .filter(block -> !block.text().strip().startsWith("// before:"))
                .map(block -> DynamicTest.dynamicTest(block.toString(), () -> {
                    List<String> lines = normalized(block.text());
                    assertThat(sources.stream().anyMatch(source -> isSubsequence(lines, source)))
                            .as("%s is compiled code from %s:%n%s", block, SNIPPETS, block.text()).isTrue();
                }));
    }

    @TestFactory
    Stream<DynamicTest> everyYamlSnippetStartsTheStarter() {
        return RepositoryDocs.codeBlocks("yaml").stream()
                .filter(block -> block.text().lines().anyMatch(line -> line.equals("retry:")))
                .map(block -> DynamicTest.dynamicTest(block.toString(), () -> {
                    ApplicationContextRunner runner = new ApplicationContextRunner()
                            .withConfiguration(AutoConfigurations.of(RetryAutoConfiguration.class))
                            .withInitializer(context -> context.getEnvironment().getPropertySources()
                                    .addFirst(yaml(block.text())));
                    if (block.text().contains("type: redis")) {
                        runner = runner.withUserConfiguration(RetryTestContexts.RedisStoreWithoutServer.class);
                    }
                    runner.run(context -> assertThat(context).as("%s:%n%s", block, block.text()).hasNotFailed());
                }));
    }

    private static PropertySource<?> yaml(String text) {
        try {
            List<PropertySource<?>> sources = new YamlPropertySourceLoader()
                    .load("snippet", new ByteArrayResource(text.getBytes(StandardCharsets.UTF_8)));
            return sources.get(0);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static List<List<String>> snippetSources() {
        List<List<String>> sources = new ArrayList<>();
        try (Stream<Path> files = Files.walk(RepositoryDocs.ROOT)) {
            for (Path file : files.filter(f -> f.toString().contains(TEST_SOURCES))
                    .filter(f -> f.toString().endsWith(".java") || f.toString().endsWith(".kt")).toList()) {
                sources.add(normalized(Files.readString(file)));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        assertThat(sources).isNotEmpty();
        return sources;
    }

    /** Non-blank lines without indentation; "public static class" reads as "public class" (docs show top-level types). */
    private static List<String> normalized(String text) {
        return text.lines().map(String::strip).filter(line -> !line.isEmpty())
                .map(line -> line.replace("public static class ", "public class ")).toList();
    }

    private static boolean isSubsequence(List<String> lines, List<String> source) {
        int at = 0;
        for (String line : lines) {
            while (at < source.size() && !source.get(at).equals(line)) {
                at++;
            }
            if (at == source.size()) {
                return false;
            }
            at++;
        }
        return true;
    }
}
