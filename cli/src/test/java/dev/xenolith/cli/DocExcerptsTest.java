package dev.xenolith.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Keeps the documentation's excerpts true: every block in {@code docs/} and the README that follows a marker
 * {@code <!-- xenolith ARGS -->} (optionally {@code <!-- xenolith ARGS [lines A-B] -->}) must be exactly what
 * {@code xenolith ARGS} prints (those lines of it). Run with {@code -Dxenolith.docs.update=true} to rewrite
 * the blocks from fresh runs instead; the test then fails if anything changed, so the new text is reviewed.
 */
class DocExcerptsTest {
    private static final Pattern BLOCK = Pattern.compile(
            "<!-- xenolith (?<args>[^\\[>]*?)(?: \\[lines (?<from>\\d+)-(?<to>\\d+)\\])? -->\\n```text\\n(?<body>.*?)```",
            Pattern.DOTALL);
    private static final Path ROOT = Path.of("..");

    @Test
    void everyExcerptIsWhatItsCommandPrints() throws IOException {
        boolean update = Boolean.getBoolean("xenolith.docs.update");
        List<String> stale = new ArrayList<>();
        int excerpts = 0;
        for (Path doc : documents()) {
            String text = Files.readString(doc, StandardCharsets.UTF_8);
            Matcher m = BLOCK.matcher(text);
            StringBuilder rewritten = new StringBuilder();
            while (m.find()) {
                excerpts++;
                String fresh = run(m.group("args"), m.group("from"), m.group("to"));
                if (!fresh.equals(m.group("body"))) {
                    stale.add(ROOT.relativize(doc) + ": xenolith " + m.group("args"));
                }
                String replacement = m.group().substring(0, m.start("body") - m.start()) + fresh + "```";
                m.appendReplacement(rewritten, Matcher.quoteReplacement(replacement));
            }
            m.appendTail(rewritten);
            if (update) {
                Files.writeString(doc, rewritten.toString(), StandardCharsets.UTF_8);
            }
        }
        assertThat(excerpts).as("excerpts found").isPositive();
        assertThat(stale).as("excerpts that no longer match their command (rerun with -Dxenolith.docs.update=true"
                + " to refresh them, then review the diff)").isEmpty();
    }

    private static List<Path> documents() throws IOException {
        List<Path> docs = new ArrayList<>();
        docs.add(ROOT.resolve("README.md"));
        try (Stream<Path> files = Files.walk(ROOT.resolve("docs"))) {
            files.filter(p -> p.toString().endsWith(".md")).sorted().forEach(docs::add);
        }
        return docs;
    }

    private static String run(String args, String from, String to) {
        Cli cli = new Cli();
        int status = cli.run(args.trim().split("\\s+"));
        if (status != 0) {
            throw new AssertionError("xenolith " + args + " exited " + status + ": " + cli.takeErr());
        }
        String out = cli.takeOut();
        if (from == null) {
            return out;
        }
        String[] lines = out.split("\n", -1);
        int first = Integer.parseInt(from);
        int last = Math.min(Integer.parseInt(to), lines.length);
        StringBuilder excerpt = new StringBuilder();
        for (int i = first; i <= last; i++) {
            excerpt.append(lines[i - 1]).append('\n');
        }
        return excerpt.toString();
    }
}
