package dev.xenolith.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.xenolith.machine.MachineFault;
import dev.xenolith.machine.time.Picos;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.concurrent.Callable;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** How failures reach the user: one line and an exit status, a stack trace only with --debug. */
final class XenolithTest {
    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    /** A subcommand that fails as a bug in Xenolith, or as the simulated machine, would. */
    @Command(name = "fail")
    static final class Fail implements Callable<Integer> {
        @Option(names = "--fault")
        private boolean fault;

        @Override
        public Integer call() {
            if (fault) {
                throw new MachineFault(Picos.ofMicros(12), "cpu0: vector 0x0e has no IDT gate");
            }
            throw new IllegalStateException("the event queue is corrupt");
        }
    }

    private int run(String... args) {
        CommandLine line = new CommandLine(new Xenolith());
        line.addSubcommand(new Fail());
        return Xenolith.execute(line, args, new PrintWriter(out, true), new PrintWriter(err, true));
    }

    @Test
    void internalError_isOneLineAndStatus1() {
        assertThat(run("fail")).isEqualTo(1);
        assertThat(err.toString()).isEqualTo("xenolith: internal error: the event queue is corrupt\n");
    }

    @Test
    void internalError_withDebug_showsTheStackTrace() {
        assertThat(run("fail", "--debug")).isEqualTo(1);
        assertThat(err.toString()).startsWith("xenolith: internal error: the event queue is corrupt\n"
                + "java.lang.IllegalStateException: the event queue is corrupt\n")
                .contains("at dev.xenolith.cli.XenolithTest$Fail.call");
        err.getBuffer().setLength(0);
        assertThat(run("--debug", "fail")).as("--debug before the subcommand").isEqualTo(1);
        assertThat(err.toString()).contains("java.lang.IllegalStateException");
    }

    @Test
    void machineFault_saysWhenTheMachineStopped() {
        assertThat(run("fail", "--fault")).isEqualTo(1);
        assertThat(err.toString()).isEqualTo("xenolith: machine stopped at 0.000012 s: cpu0: vector 0x0e has no IDT"
                + " gate\n");
    }

    @Test
    void debug_isAcceptedByBootAndChangesNothingOnSuccess() {
        assertThat(Xenolith.run(new String[] {"boot", "--debug", "--until", "1ms"}, new PrintWriter(out, true),
                new PrintWriter(err, true))).isZero();
        assertThat(err.toString()).isEmpty();
    }

    @Test
    void exitStatus_isListedInTheHelp() {
        assertThat(run("--help")).isZero();
        assertThat(out.toString()).contains("Exit status:").contains("0   the run reached its end")
                .contains("1   the machine stopped abnormally, or an internal error")
                .contains("2   usage or image error")
                .contains("--debug");
    }
}
