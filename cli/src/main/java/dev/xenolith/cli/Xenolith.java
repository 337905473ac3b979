package dev.xenolith.cli;

import dev.xenolith.machine.MachineFault;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The {@code xenolith} command. Exit status: 0 the run reached its end, 1 the machine stopped abnormally
 * (a fault of the simulated machine, said with its time and place), 2 a usage or image error.
 */
@Command(name = "xenolith", mixinStandardHelpOptions = true, version = "xenolith 0.1.0-SNAPSHOT",
        description = "A cycle-approximate x86 SMP machine emulator with a Xen-style hypervisor and a Linux-like guest.",
        subcommands = {BootCommand.class, ImagesCommand.class, CheckCommand.class},
        exitCodeListHeading = "%nExit status:%n",
        exitCodeList = {"0:the run reached its end", "1:the machine stopped abnormally",
                "2:usage or image error"})
public final class Xenolith implements Callable<Integer> {
    static final int OK = 0;
    static final int MACHINE_STOPPED = 1;
    static final int USAGE = 2;

    public static void main(String[] args) {
        System.exit(run(args, new PrintWriter(System.out, true), new PrintWriter(System.err, true)));
    }

    /** Runs the command line with the given output streams; returns the exit status. */
    static int run(String[] args, PrintWriter out, PrintWriter err) {
        CommandLine line = new CommandLine(new Xenolith());
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
                cmd.getErr().println("xenolith: " + fault);
                return MACHINE_STOPPED;
            }
            cmd.getErr().println("xenolith: internal error: " + e);
            return MACHINE_STOPPED;
        });
        return line.execute(args);
    }

    @Override
    public Integer call() {
        new CommandLine(this).usage(System.out);
        return OK;
    }
}
