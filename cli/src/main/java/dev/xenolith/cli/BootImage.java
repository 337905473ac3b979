package dev.xenolith.cli;

import dev.xenolith.cli.image.CostsSpec;
import dev.xenolith.cli.image.InputSpec;
import dev.xenolith.cli.image.MachineSpec;
import dev.xenolith.cli.image.RunSpec;
import dev.xenolith.cli.image.Scenario;
import java.util.List;

/**
 * What {@code boot} runs, whatever the image: the machine, its costs, the timed input, how to run, and
 * the software. {@code scenario} is the scenario image (with the command line's overrides applied), or
 * {@code null} for the built-in bare-metal board, which has no image file.
 */
record BootImage(String name, MachineSpec machine, CostsSpec costs, List<InputSpec> input, RunSpec run,
        Scenario scenario, BootedSystem system) {

    BootImage {
        input = List.copyOf(input);
    }

    static BootImage of(Scenario scenario, BootedSystem system) {
        return new BootImage(scenario.name(), scenario.machine(), scenario.costs(), scenario.input(), scenario.run(),
                scenario, system);
    }
}
