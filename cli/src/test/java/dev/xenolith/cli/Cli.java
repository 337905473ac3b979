package dev.xenolith.cli;

import dev.xenolith.cli.testing.Json;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/** The command line run in-process, with what it printed kept apart per stream. */
final class Cli {
    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    int run(String... args) {
        return Xenolith.run(args, new PrintWriter(out, true), new PrintWriter(err, true));
    }

    /** What the runs printed on stdout since the last call. */
    String takeOut() {
        String text = out.toString();
        out.getBuffer().setLength(0);
        return text;
    }

    /** What the runs printed on stderr since the last call. */
    String takeErr() {
        String text = err.toString();
        err.getBuffer().setLength(0);
        return text;
    }

    /** {@code text} written as {@code image.yaml} in {@code dir}, for a test to boot or check. */
    static Path image(Path dir, String text) {
        try {
            return Files.writeString(dir.resolve("image.yaml"), text);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> json(Path file) {
        try {
            return (Map<String, Object>) Json.parse(Files.readString(file));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The one domain of a native boot's {@code --stats-json}. */
    @SuppressWarnings("unchecked")
    static Map<String, Object> nativeDomain(Map<String, Object> stats) {
        List<Map<String, Object>> domains = (List<Map<String, Object>>) stats.get("domains");
        if (domains.size() != 1) {
            throw new AssertionError("a native boot has one domain, found " + domains);
        }
        return domains.get(0);
    }

    @SuppressWarnings("unchecked")
    static List<Map<String, Object>> list(Map<String, Object> object, String key) {
        return (List<Map<String, Object>>) object.get(key);
    }
}
