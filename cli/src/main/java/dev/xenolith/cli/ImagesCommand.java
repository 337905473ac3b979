package dev.xenolith.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code xenolith images}: the built-in images, one line each. */
@Command(name = "images", mixinStandardHelpOptions = true, description = "List the built-in images.")
final class ImagesCommand implements Callable<Integer> {
    @Spec
    private CommandSpec spec;

    @Override
    public Integer call() {
        for (String name : BuiltIns.NAMES) {
            spec.commandLine().getOut().printf("%-20s %s%s%n", name, BuiltIns.description(name),
                    name.equals(BuiltIns.DEFAULT) ? " (default)" : "");
        }
        return Xenolith.OK;
    }
}
