package dev.xenolith.cli.image;

import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * A guest domain: its vcpus, the physical CPUs they may run on ({@code pin}, empty for any), its
 * per-domain scheduler parameters (as the image names them, Xen's names in kebab-case; times in
 * nanoseconds; sorted by name), its kernel configuration and its tasks in image order. Under
 * {@code hypervisor: none} the one domain is the native kernel, its vcpus are the machine's CPUs and
 * {@code pin} and {@code sched} are empty.
 */
public record DomainSpec(String name, int vcpus, List<Integer> pin, Map<String, Long> sched, KernelSpec kernel,
        List<TaskSpec> tasks, SourcePos pos) {

    public DomainSpec {
        pin = List.copyOf(pin);
        sched = Collections.unmodifiableMap(new TreeMap<>(sched));
        tasks = List.copyOf(tasks);
    }
}
