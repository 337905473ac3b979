package dev.xenolith.cli.image;

import java.util.List;
import java.util.Objects;

/**
 * A whole scenario image, validated: the machine, the hypervisor ({@code null} for a native boot), the
 * domains with their tasks, the timed input, the cost overrides and how to run. Lists keep the order of
 * the image. {@code pos} is the start of the image.
 */
public record Scenario(String name, String description, MachineSpec machine, HypervisorSpec hypervisor,
        List<DomainSpec> domains, List<InputSpec> input, CostsSpec costs, RunSpec run, SourcePos pos) {

    public Scenario {
        Objects.requireNonNull(name);
        Objects.requireNonNull(description);
        Objects.requireNonNull(machine);
        domains = List.copyOf(domains);
        input = List.copyOf(input);
        Objects.requireNonNull(costs);
        Objects.requireNonNull(run);
    }

    /** Whether the guest kernel boots on the bare machine ({@code hypervisor: none}). */
    public boolean isNative() {
        return hypervisor == null;
    }
}
