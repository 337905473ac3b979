package dev.xenolith.cli;

import dev.xenolith.cli.image.ImageException;
import dev.xenolith.cli.image.OptionValues;
import dev.xenolith.cli.image.RunSpec;
import dev.xenolith.cli.render.TracePath;
import dev.xenolith.cli.stats.RunStats;
import dev.xenolith.cli.stats.StatsJson;
import dev.xenolith.cli.stats.StatsTable;
import dev.xenolith.machine.Machine;
import dev.xenolith.machine.MachineFault;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
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
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code xenolith boot [IMAGE]}: builds the machine an image describes, installs its software, runs it,
 * prints the serial console as characters leave COM1, and renders the trace views and statistics asked
 * for. Problems with the command line or the image are reported before anything runs (status 2).
 */
@Command(name = "boot", mixinStandardHelpOptions = true, description = "Boot an image and run it.")
final class BootCommand implements Callable<Integer> {
    @Spec
    private CommandSpec spec;

    @Parameters(arity = "0..1", paramLabel = "IMAGE", defaultValue = BuiltIns.DEFAULT,
            description = "A built-in image name (see 'xenolith images') or a scenario image file;"
                    + " default ${DEFAULT-VALUE}.")
    private String image;

    @Option(names = "--set", paramLabel = "KEY=VALUE",
            description = "Override one value of the image, e.g. run.until=2s or domains.web.vcpus=2 (repeatable).")
    private List<String> settings = new ArrayList<>();

    @Option(names = "--seed", paramLabel = "N", description = "The seed of the run's random numbers (run.seed).")
    private Long seed;

    @Option(names = "--until", paramLabel = "DURATION",
            description = "Simulated time to run, e.g. 250ms, 2s (default: the image's run.until).")
    private String until;

    @Option(names = "--trace", split = ",", paramLabel = "KIND",
            description = "Trace views: graph, events, chrome (chrome needs --trace-out);"
                    + " default: the image's run.trace.")
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

    @Option(names = "--stats", description = "Print a statistics table at the end.")
    private boolean stats;

    @Option(names = "--stats-json", paramLabel = "FILE", description = "Write the statistics as JSON to FILE.")
    private Path statsJson;

    @Option(names = "--quiet", description = "Do not print the serial console.")
    private boolean quiet;

    /** A problem with the command line or a file it names (status 2); printed after "xenolith: ". */
    private static final class UsageException extends Exception {
        UsageException(String message) {
            super(message);
        }
    }

    @Override
    public Integer call() {
        PrintWriter err = spec.commandLine().getErr();
        try {
            TracePath tracePath = tracePath();
            BootImage boot = ImageLoader.load(image, settings, seed);
            long runFor = until == null ? boot.run().untilPicos() : OptionValues.time("--until", until);
            Set<TraceKind> kinds = kinds(boot.run(), tracePath);
            if (onlyCpu != null && (onlyCpu < 0 || onlyCpu >= boot.machine().cpus())) {
                throw new UsageException("--cpu " + onlyCpu + ": this machine has CPUs 0.."
                        + (boot.machine().cpus() - 1));
            }
            return run(boot, runFor, kinds, tracePath);
        } catch (ImageException e) {
            err.println(e.getMessage());
        } catch (UsageException e) {
            err.println("xenolith: " + e.getMessage());
        }
        return Xenolith.USAGE;
    }

    /** {@code --path} from {@code --path-after} on; a bad time is an {@link ImageException}, as for {@code --until}. */
    private TracePath tracePath() throws UsageException, ImageException {
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

    /** {@code --trace}, else {@code --path}'s graph, else the image's {@code run.trace}. */
    private Set<TraceKind> kinds(RunSpec run, TracePath tracePath) throws UsageException {
        List<String> names = !trace.isEmpty() ? trace : tracePath != null ? List.of("graph") : run.trace();
        Set<TraceKind> kinds = EnumSet.noneOf(TraceKind.class);
        for (String kind : names) {
            if (!TraceKind.names().contains(kind)) {
                throw new UsageException("--trace " + kind + ": expected one of "
                        + String.join(", ", TraceKind.names()));
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

    private int run(BootImage boot, long runFor, Set<TraceKind> kinds, TracePath tracePath) throws UsageException {
        PrintWriter out = spec.commandLine().getOut();
        try (Writer traceFile = open(traceOut, "the trace"); Writer statsFile = open(statsJson, "the statistics")) {
            Appendable text = traceFile != null && !kinds.contains(TraceKind.CHROME) ? traceFile : out;
            TraceViews views = new TraceViews(kinds, tracePath, onlyCpu == null ? -1 : onlyCpu, boot.machine().cpus(),
                    text, traceFile);
            Hardware hardware = Hardware.build(boot.machine(), boot.costs(), views.sink(), (b, time) -> {
                if (!quiet) {
                    views.flushText();
                    out.print((char) b);
                    out.flush();
                }
            });
            hardware.feed(boot.input(), runFor);
            boot.system().install(hardware.machine(), hardware.board(), boot.scenario());
            runUntil(hardware.machine(), runFor);
            out.flush();
            report(Statistics.collect(hardware.machine(), boot.system()), out, statsFile);
            if (views.path() != null && !views.path().complete()) {
                spec.commandLine().getErr().println("xenolith: "
                        + views.path().whyIncomplete(hardware.machine().now()));
                return Xenolith.MACHINE_STOPPED;
            }
            return Xenolith.OK;
        } catch (UncheckedIOException e) {
            throw new UsageException("cannot write the trace to " + traceOut + ": " + e.getCause().getMessage());
        } catch (IOException e) {
            // Writing or closing a file that opened: the disk is full or went away.
            throw new UsageException("cannot write " + (traceOut == null ? statsJson : statsJson == null ? traceOut
                    : traceOut + " and " + statsJson) + ": " + e.getMessage());
        }
    }

    /** Runs to {@code until}; a fault still finishes the trace, so that it shows what led there. */
    private static void runUntil(Machine machine, long until) {
        try {
            machine.runUntil(until);
        } catch (MachineFault fault) {
            machine.finishTrace();
            throw fault;
        }
        machine.finishTrace();
    }

    private void report(RunStats runStats, PrintWriter out, Writer statsFile) throws IOException {
        if (stats) {
            StatsTable.print(runStats, out);
        }
        if (statsFile != null) {
            statsFile.write(StatsJson.render(runStats));
        }
    }

    /** {@code file} opened for writing before the run, so that a bad path is reported at once; null for none. */
    private static Writer open(Path file, String what) throws UsageException {
        if (file == null) {
            return null;
        }
        try {
            return Files.newBufferedWriter(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UsageException("cannot write " + what + " to " + file + ": " + reason(e));
        }
    }

    private static String reason(IOException e) {
        if (e instanceof NoSuchFileException) {
            return "no such directory";
        } else if (e instanceof AccessDeniedException) {
            return "permission denied";
        }
        return e instanceof FileSystemException fs && fs.getReason() != null ? fs.getReason() : e.getMessage();
    }
}
