package dev.xenolith.cli;

import dev.xenolith.cli.image.ImageException;
import dev.xenolith.cli.image.OptionValues;
import dev.xenolith.cli.render.ChromeTraceRenderer;
import dev.xenolith.cli.render.EventReportRenderer;
import dev.xenolith.cli.render.FunctionGraphRenderer;
import dev.xenolith.cli.render.TeeSink;
import dev.xenolith.devices.board.PcBoard;
import dev.xenolith.devices.board.TimerDemoFirmware;
import dev.xenolith.machine.Machine;
import dev.xenolith.machine.cpu.Cpu;
import dev.xenolith.machine.time.Picos;
import dev.xenolith.machine.trace.TraceSink;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
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
 * {@code xenolith boot [IMAGE]}: builds the machine an image describes, runs it, prints the serial console as
 * characters leave COM1, and renders the trace views and statistics asked for.
 */
@Command(name = "boot", mixinStandardHelpOptions = true, description = "Boot an image and run it.")
final class BootCommand implements Callable<Integer> {
    private static final int BARE_METAL_CPUS = 4;
    private static final long BARE_METAL_BUS_HZ = 100_000_000L;

    @Spec
    private CommandSpec spec;

    @Parameters(arity = "0..1", paramLabel = "IMAGE", defaultValue = BuiltIns.DEFAULT,
            description = "A built-in image name (see 'xenolith images'); default ${DEFAULT-VALUE}.")
    private String image;

    @Option(names = "--until", paramLabel = "DURATION", description = "Simulated time to run, e.g. 250ms, 2s.")
    private String until;

    @Option(names = "--trace", split = ",", paramLabel = "KIND",
            description = "Trace views: graph, events, chrome (chrome needs --trace-out).")
    private List<String> trace = new ArrayList<>();

    @Option(names = "--trace-out", paramLabel = "FILE", description = "Write the trace here instead of stdout.")
    private Path traceOut;

    @Option(names = "--cpu", paramLabel = "N", description = "Trace views of one CPU only.")
    private Integer onlyCpu;

    @Option(names = "--stats", description = "Print a statistics table at the end.")
    private boolean stats;

    @Option(names = "--quiet", description = "Do not print the serial console.")
    private boolean quiet;

    @Override
    public Integer call() throws IOException {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        if (!BuiltIns.names().contains(image)) {
            err.println("xenolith: no built-in image '" + image + "' in this build; the built-in images: "
                    + String.join(", ", BuiltIns.names())
                    + " (scenario images with domains need the guest kernel, which is not built yet)");
            return Xenolith.USAGE;
        }
        long runFor = Picos.PER_SECOND;
        if (until != null) {
            try {
                runFor = OptionValues.time("--until", until);
            } catch (ImageException e) {
                err.println(e.getMessage());
                return Xenolith.USAGE;
            }
        }
        Set<TraceKind> kinds = EnumSet.noneOf(TraceKind.class);
        for (String kind : trace) {
            TraceKind parsed = TraceKind.names().contains(kind) ? TraceKind.valueOf(kind.toUpperCase(Locale.ROOT)) : null;
            if (parsed == null) {
                err.println("xenolith: --trace " + kind + ": expected one of " + String.join(", ", TraceKind.names()));
                return Xenolith.USAGE;
            }
            kinds.add(parsed);
        }
        if (kinds.contains(TraceKind.CHROME) && traceOut == null) {
            err.println("xenolith: --trace chrome writes JSON and needs --trace-out FILE");
            return Xenolith.USAGE;
        }
        if (onlyCpu != null && (onlyCpu < 0 || onlyCpu >= BARE_METAL_CPUS)) {
            err.println("xenolith: --cpu " + onlyCpu + ": this machine has CPUs 0.." + (BARE_METAL_CPUS - 1));
            return Xenolith.USAGE;
        }

        try (Writer traceFile = traceOut == null ? null
                : new BufferedWriter(Files.newBufferedWriter(traceOut, StandardCharsets.UTF_8))) {
            TraceSink sink = sinks(kinds, traceFile, out);
            Machine machine = Machine.builder().cpus(BARE_METAL_CPUS).trace(sink).build();
            PcBoard.wire(machine, PcBoard.Options.standard(), (b, time) -> {
                if (!quiet) {
                    out.print((char) b);
                    out.flush();
                }
            });
            TimerDemoFirmware firmware = new TimerDemoFirmware(machine, BARE_METAL_BUS_HZ, 1000,
                    "Xenolith bare-metal demo: 4 CPUs, APIC timers at 1 kHz, PIT at 100 Hz\r\n");
            machine.cpu(0).powerOn(firmware);
            machine.runUntil(runFor);
            machine.finishTrace();
            out.flush();
            if (stats) {
                printStats(out, machine);
            }
        } catch (UncheckedIOException e) {
            err.println("xenolith: cannot write the trace to " + traceOut + ": " + e.getCause().getMessage());
            return Xenolith.USAGE;
        }
        return Xenolith.OK;
    }

    private TraceSink sinks(Set<TraceKind> kinds, Writer traceFile, PrintWriter out) {
        List<TraceSink> sinks = new ArrayList<>();
        int cpu = onlyCpu == null ? -1 : onlyCpu;
        Appendable text = traceFile != null && !kinds.contains(TraceKind.CHROME) ? traceFile : out;
        if (kinds.contains(TraceKind.GRAPH)) {
            sinks.add(new FunctionGraphRenderer(text, cpu));
        }
        if (kinds.contains(TraceKind.EVENTS)) {
            sinks.add(new EventReportRenderer(text, BARE_METAL_CPUS, cpu));
        }
        if (kinds.contains(TraceKind.CHROME)) {
            sinks.add(new ChromeTraceRenderer(traceFile, BARE_METAL_CPUS));
        }
        return sinks.isEmpty() ? null : sinks.size() == 1 ? sinks.get(0) : new TeeSink(sinks);
    }

    private static void printStats(PrintWriter out, Machine machine) {
        out.printf("%nsimulated time %s s, %d events%n", Picos.toSecondsString(machine.now()), machine.eventsFired());
        out.printf("%-5s %10s %10s %8s %8s%n", "cpu", "apic-timer", "irq0", "halted", "busy");
        for (Cpu cpu : machine.cpus()) {
            double halted = 100.0 * cpu.haltedPicos() / machine.now();
            out.printf("%-5d %10d %10d %7.2f%% %7.2f%%%n", cpu.id(),
                    cpu.vectorsTaken(TimerDemoFirmware.TIMER_VECTOR), cpu.vectorsTaken(TimerDemoFirmware.IRQ0_VECTOR),
                    halted, 100 - halted);
        }
    }
}
