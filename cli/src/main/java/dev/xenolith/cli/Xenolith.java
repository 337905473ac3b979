package dev.xenolith.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code xenolith} command. */
@Command(name = "xenolith", mixinStandardHelpOptions = true, version = "xenolith 0.1.0-SNAPSHOT",
        description = "A cycle-approximate x86 SMP machine emulator with a Xen-style hypervisor and a Linux-like guest.")
public final class Xenolith implements Callable<Integer> {

    public static void main(String[] args) {
        System.exit(new CommandLine(new Xenolith()).execute(args));
    }

    @Override
    public Integer call() {
        new CommandLine(this).usage(System.out);
        return 0;
    }
}
