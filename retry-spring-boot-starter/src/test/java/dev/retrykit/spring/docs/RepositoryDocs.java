package dev.retrykit.spring.docs;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/** The repository's Markdown documents (README.md and everything under docs/) and their fenced code blocks. */
final class RepositoryDocs {

    /** The repository root, seen from the starter module's directory where the tests run. */
    static final Path ROOT = Path.of("..").toAbsolutePath().normalize();

    private RepositoryDocs() {
    }

    /** README.md and every Markdown file under docs/. */
    static List<Path> markdownFiles() {
        List<Path> files = new ArrayList<>();
        files.add(ROOT.resolve("README.md"));
        try (Stream<Path> walk = Files.walk(ROOT.resolve("docs"))) {
            walk.filter(p -> p.toString().endsWith(".md")).sorted().forEach(files::add);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return files;
    }

    static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A fenced block: the file it is in, its info string (e.g. {@code java}) and its text. */
    record CodeBlock(Path file, int line, String info, String text) {

        @Override
        public String toString() {
            return ROOT.relativize(file) + ":" + line;
        }
    }

    /** Every fenced code block of {@code file}. */
    static List<CodeBlock> codeBlocks(Path file) {
        List<CodeBlock> blocks = new ArrayList<>();
        String[] lines = read(file).split("\n", -1);
        for (int i = 0; i < lines.length; i++) {
            String line = lines[i].strip();
            if (!line.startsWith("```")) {
                continue;
            }
            String info = line.substring(3).strip();
            int start = i + 1;
            StringBuilder text = new StringBuilder();
            for (i = start; i < lines.length && !lines[i].strip().equals("```"); i++) {
                text.append(lines[i]).append('\n');
            }
            blocks.add(new CodeBlock(file, start, info, text.toString()));
        }
        return blocks;
    }

    /** Every fenced code block of every document whose info string is {@code info}. */
    static List<CodeBlock> codeBlocks(String info) {
        return markdownFiles().stream().flatMap(f -> codeBlocks(f).stream()).filter(b -> b.info().equals(info)).toList();
    }
}
