package dev.xenolith.cli;

import dev.xenolith.machine.MachineFault;
import dev.xenolith.machine.time.Picos;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParseResult;
import picocli.CommandLine.ScopeType;

/**
 * The {@code xenolith} command. Exit status: 0 the run reached its end, 1 the machine stopped abnormally
 * (a fault of the simulated machine, said with its time and place) or Xenolith itself failed, 2 a usage
 * or image error. Users see one line for a failure; a stack trace only with {@code --debug}.
 */
@Command(name = "xenolith", mixinStandardHelpOptions = true, version = "xenolith 0.1.0-SNAPSHOT",
        description = "A cycle-approximate x86 SMP machine emulator with a Xen-style hypervisor and a Linux-like guest.",
        subcommands = {BootCommand.class, ReportCommand.class, ImagesCommand.class, CheckCommand.class},
        exitCodeListHeading = "%nExit status:%n",
        exitCodeList = {"0:the run reached its end", "1:the machine stopped abnormally, or an internal error",
                "2:usage or image error"})
public final class Xenolith implements Callable<Integer> {
    static final int OK = 0;
    static final int MACHINE_STOPPED = 1;
    static final int USAGE = 2;
    private static final String DEBUG = "--debug";

    // Read from the parse result by the exception handler; inherited so that it goes after any subcommand.
    @Option(names = DEBUG, scope = ScopeType.INHERIT, description = "Show the stack trace of a failure.")
    private boolean debug;

    public static void main(String[] args) {
        System.exit(run(args, new PrintWriter(System.out, true), new PrintWriter(System.err, true)));
    }

    /** Runs the command line with the given output streams; returns the exit status. */
    static int run(String[] args, PrintWriter out, PrintWriter err) {
        return execute(new CommandLine(new Xenolith()), args, out, err);
    }

    /** Runs {@code line} (the {@code xenolith} command, perhaps with more subcommands) as {@link #run} does. */
    static int execute(CommandLine line, String[] args, PrintWriter out, PrintWriter err) {
        line.setOut(out);
        line.setErr(err);
        line.setExitCodeExceptionMapper(e -> e instanceof MachineFault ? MACHINE_STOPPED : USAGE);
        line.setParameterExceptionHandler((e, argv) -> {
            e.getCommandLine().getErr().println("xenolith: " + e.getMessage());
            e.getCommandLine().getErr().println("Try '" + e.getCommandLine().getCommandSpec().qualifiedName()
                    + " --help' for more information.");
            return USAGE;
        });
        line.setExecutionExceptionHandler((e, cmd, parsed) -> {
            if (e instanceof MachineFault fault) {
                cmd.getErr().println("xenolith: machine stopped at " + Picos.toSecondsString(fault.time()) + " s: "
                        + fault.getMessage());
            } else {
                cmd.getErr().println("xenolith: internal error: "
                        + (e.getMessage() != null ? e.getMessage() : e.getClass().getName()));
            }
            if (debug(parsed)) {
                e.printStackTrace(cmd.getErr());
            }
            cmd.getErr().flush();
            return MACHINE_STOPPED;
        });
        return line.execute(args);
    }

    private static boolean debug(ParseResult parsed) {
        for (ParseResult command = parsed; command != null; command = command.subcommand()) {
            if (command.hasMatchedOption(DEBUG)) {
                return true;
            }
        }
        return false;
    }

    @Override
    public Integer call() {
        new CommandLine(this).usage(System.out);
        return OK;
    }
}
