package dev.xenolith.cli;

import dev.xenolith.cli.image.ImageException;
import dev.xenolith.cli.record.TraceRecording;
import dev.xenolith.cli.record.TraceRecording.BadRecording;
import dev.xenolith.cli.render.TracePath;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code xenolith report FILE}: renders a trace recorded with {@code boot --record FILE} into the views
 * {@code boot} offers, with the same options; the text is what {@code boot} would have printed for the
 * trace (the console and the statistics are not recorded). As {@code trace-cmd report} reads what
 * {@code trace-cmd record} wrote.
 */
@Command(name = "report", mixinStandardHelpOptions = true,
        description = "Render a trace recorded with 'xenolith boot --record FILE'.")
final class ReportCommand implements Callable<Integer> {
    @Spec
    private CommandSpec spec;

    @Parameters(paramLabel = "FILE", description = "A recording written by 'xenolith boot --record FILE'.")
    private Path recording;

    @Mixin
    private TraceOptions traceOptions;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        try {
            TracePath tracePath = traceOptions.tracePath();
            Set<TraceKind> kinds = traceOptions.kinds(List.of(TraceKind.GRAPH.label()), tracePath);
            TraceRecording trace = open();
            try (Writer traceFile = TraceOptions.openText(traceOptions.traceOut(), "the trace")) {
                TraceViews views = traceOptions.views(kinds, tracePath, trace.cpus(), out, traceFile);
                long end = trace.replay(views.sink());
                out.flush();
                if (views.path() != null && !views.path().complete()) {
                    err.println("xenolith: " + views.path().whyIncomplete(end));
                    return Xenolith.MACHINE_STOPPED;
                }
                return Xenolith.OK;
            } catch (BadRecording e) {
                out.flush();
                err.println("xenolith: " + e.getMessage());
            } catch (UncheckedIOException | IOException e) {
                IOException cause = e instanceof UncheckedIOException unchecked ? unchecked.getCause() : (IOException) e;
                throw new UsageException("cannot read " + recording + " or write the trace: " + cause.getMessage());
            }
        } catch (ImageException e) {
            err.println(e.getMessage());
        } catch (UsageException e) {
            err.println("xenolith: " + e.getMessage());
        }
        return Xenolith.USAGE;
    }

    private TraceRecording open() throws UsageException {
        if (!Files.isRegularFile(recording)) {
            throw new UsageException("cannot read the recording " + recording + ": "
                    + (Files.exists(recording) ? "not a file" : "no such file"));
        }
        try {
            return TraceRecording.open(recording);
        } catch (BadRecording e) {
            throw new UsageException(e.getMessage());
        } catch (IOException e) {
            throw new UsageException("cannot read the recording " + recording + ": " + e.getMessage());
        }
    }
}
