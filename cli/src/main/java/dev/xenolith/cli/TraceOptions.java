package dev.xenolith.cli;

import dev.xenolith.cli.image.ImageException;
import dev.xenolith.cli.image.OptionValues;
import dev.xenolith.cli.render.TracePath;
import java.io.IOException;
import java.io.OutputStream;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import picocli.CommandLine.Option;

/**
 * The options that choose trace views, shared by {@code boot} (views rendered as the machine runs) and
 * {@code report} (views rendered from a recording), so that both read them the same way.
 */
final class TraceOptions {
    @Option(names = "--trace", split = ",", paramLabel = "KIND",
            description = "Trace views: graph, events, chrome (chrome needs --trace-out); default: boot shows"
                    + " the image's run.trace, report the graph.")
    private List<String> trace = new ArrayList<>();

    @Option(names = "--trace-out", paramLabel = "FILE", description = "Write the trace here instead of stdout.")
    private Path traceOut;

    @Option(names = "--cpu", paramLabel = "N", description = "Trace views of one CPU only.")
    private Integer onlyCpu;

    @Option(names = "--path", paramLabel = "FROM..TO",
            description = "Show, as a function graph, only the first path from the entry of FROM to the exit of TO.")
    private String path;

    @Option(names = "--path-after", paramLabel = "DURATION",
            description = "With --path: the first path whose FROM is entered at or after this simulated time.")
    private String pathAfter;

    /** {@code --path} from {@code --path-after} on, or null; a bad time is an {@link ImageException}, as for {@code --until}. */
    TracePath tracePath() throws UsageException, ImageException {
        if (path == null) {
            if (pathAfter != null) {
                throw new UsageException("--path-after " + pathAfter + " chooses where --path starts; give --path too");
            }
            return null;
        }
        TracePath parsed;
        try {
            parsed = TracePath.parse(path);
        } catch (IllegalArgumentException e) {
            throw new UsageException("--path: " + e.getMessage());
        }
        return pathAfter == null ? parsed : parsed.after(OptionValues.time("--path-after", pathAfter));
    }

    /** {@code --trace}, else {@code --path}'s graph, else {@code defaults}. */
    Set<TraceKind> kinds(List<String> defaults, TracePath tracePath) throws UsageException {
        List<String> names = !trace.isEmpty() ? trace : tracePath != null ? List.of("graph") : defaults;
        Set<TraceKind> kinds = EnumSet.noneOf(TraceKind.class);
        for (String kind : names) {
            if (!TraceKind.names().contains(kind)) {
                throw new UsageException("--trace " + kind + ": expected one of " + String.join(", ", TraceKind.names()));
            }
            kinds.add(TraceKind.valueOf(kind.toUpperCase(Locale.ROOT)));
        }
        if (tracePath != null && !kinds.equals(EnumSet.of(TraceKind.GRAPH))) {
            throw new UsageException("--path shows one path as a function graph; it does not combine with --trace "
                    + String.join(",", names));
        }
        if (kinds.contains(TraceKind.CHROME) && traceOut == null) {
            throw new UsageException("--trace chrome writes JSON and needs --trace-out FILE");
        }
        return kinds;
    }

    /** {@code --cpu}, checked against the machine's CPUs; negative for every CPU. */
    int onlyCpu(int cpus) throws UsageException {
        if (onlyCpu == null) {
            return -1;
        }
        if (onlyCpu < 0 || onlyCpu >= cpus) {
            throw new UsageException("--cpu " + onlyCpu + ": this machine has CPUs 0.." + (cpus - 1));
        }
        return onlyCpu;
    }

    /** {@code --trace-out}, or null for stdout. */
    Path traceOut() {
        return traceOut;
    }

    /** The views into {@code stdout} or the {@code --trace-out} file {@code traceFile} (null when there is none). */
    TraceViews views(Set<TraceKind> kinds, TracePath tracePath, int cpus, Appendable stdout, Writer traceFile)
            throws UsageException {
        Appendable text = traceFile != null && !kinds.contains(TraceKind.CHROME) ? traceFile : stdout;
        return new TraceViews(kinds, tracePath, onlyCpu(cpus), cpus, text, traceFile);
    }

    /** {@code file} opened for text before the run, so that a bad path is reported at once; null for none. */
    static Writer openText(Path file, String what) throws UsageException {
        if (file == null) {
            return null;
        }
        try {
            return Files.newBufferedWriter(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UsageException("cannot write " + what + " to " + file + ": " + reason(e));
        }
    }

    /** As {@link #openText}, for bytes. */
    static OutputStream openBinary(Path file, String what) throws UsageException {
        if (file == null) {
            return null;
        }
        try {
            return Files.newOutputStream(file);
        } catch (IOException e) {
            throw new UsageException("cannot write " + what + " to " + file + ": " + reason(e));
        }
    }

    /** Why a file could not be opened for writing, in a few words. */
    static String reason(IOException e) {
        if (e instanceof NoSuchFileException) {
            return "no such directory";
        } else if (e instanceof AccessDeniedException) {
            return "permission denied";
        }
        return e instanceof FileSystemException fs && fs.getReason() != null ? fs.getReason() : e.getMessage();
    }
}
