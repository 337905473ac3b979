package dev.xenolith.cli;

import dev.xenolith.cli.image.ImageException;
import picocli.CommandLine.Mixin;
import java.io.OutputStream;
import dev.xenolith.machine.trace.TraceSink;
import dev.xenolith.cli.render.TeeSink;
import dev.xenolith.cli.record.TraceRecorder;
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

    @Mixin
    private TraceOptions traceOptions;

    @Option(names = "--record", paramLabel = "FILE",
            description = "Record the whole trace (every CPU) into FILE, to render later with 'xenolith report';"
                    + " far cheaper than rendering a view while the machine runs.")
    private Path record;

    @Option(names = "--stats", description = "Print a statistics table at the end.")
    private boolean stats;

    @Option(names = "--stats-json", paramLabel = "FILE", description = "Write the statistics as JSON to FILE.")
    private Path statsJson;

    @Option(names = "--quiet", description = "Do not print the serial console.")
    private boolean quiet;

    @Override
    public Integer call() {
        PrintWriter err = spec.commandLine().getErr();
        try {
            TracePath tracePath = traceOptions.tracePath();
            BootImage boot = ImageLoader.load(image, settings, seed);
            long runFor = until == null ? boot.run().untilPicos() : OptionValues.time("--until", until);
            Set<TraceKind> kinds = traceOptions.kinds(boot.run().trace(), tracePath);
            traceOptions.onlyCpu(boot.machine().cpus());
            return run(boot, runFor, kinds, tracePath);
        } catch (ImageException e) {
            err.println(e.getMessage());
        } catch (UsageException e) {
            err.println("xenolith: " + e.getMessage());
        }
        return Xenolith.USAGE;
    }

    private int run(BootImage boot, long runFor, Set<TraceKind> kinds, TracePath tracePath) throws UsageException {
        PrintWriter out = spec.commandLine().getOut();
        Path traceOut = traceOptions.traceOut();
        try (Writer traceFile = TraceOptions.openText(traceOut, "the trace");
                OutputStream recordFile = TraceOptions.openBinary(record, "the recording");
                Writer statsFile = TraceOptions.openText(statsJson, "the statistics")) {
            int cpus = boot.machine().cpus();
            TraceViews views = traceOptions.views(kinds, tracePath, cpus, out, traceFile);
            TraceSink sink = recordFile == null ? views.sink()
                    : views.sink() == null ? new TraceRecorder(recordFile, cpus)
                    : new TeeSink(List.of(views.sink(), new TraceRecorder(recordFile, cpus)));
            Hardware hardware = Hardware.build(boot.machine(), boot.costs(), sink, (b, time) -> {
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
        } catch (UncheckedIOException | IOException e) {
            // Writing or closing a file that opened: the disk is full or went away.
            IOException cause = e instanceof UncheckedIOException unchecked ? unchecked.getCause() : (IOException) e;
            throw new UsageException("cannot write " + outputs(traceOut) + ": " + cause.getMessage());
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

    /** The files this run writes, for a message about failing to write one of them. */
    private String outputs(Path traceOut) {
        List<String> files = new ArrayList<>();
        for (Path file : new Path[] {traceOut, record, statsJson}) {
            if (file != null) {
                files.add(file.toString());
            }
        }
        return String.join(" or ", files);
    }
}
