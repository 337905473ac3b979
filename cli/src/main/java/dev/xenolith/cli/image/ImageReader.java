package dev.xenolith.cli.image;

import java.util.List;
import org.snakeyaml.engine.v2.nodes.Node;

/**
 * Reads a scenario image (SCENARIO-FORMAT.md, version 1) into a {@link Scenario}, or reports every
 * problem in it as {@code FILE:LINE:COL: error: what was found, what was expected}. The YAML is
 * composed into a node tree (so every value keeps its position), {@code --set} overrides are applied to
 * that tree, and the tree is then read and validated against a {@link Catalog}.
 *
 * <p>Choices where SCENARIO-FORMAT.md is silent:
 * <ul>
 *   <li>Required: {@code name}, {@code machine.cpus}, {@code hypervisor} (a scheduler or {@code none}),
 *       {@code hypervisor.scheduler}, at least one domain, each domain's and task's {@code name}, each
 *       task's {@code program}, {@code run.until}; {@code priority} for fifo and rr tasks.</li>
 *   <li>Defaults: {@code description} empty; {@code apic-timer: true}; {@code tsc-deadline} as
 *       {@code apic-timer} (it is a mode of that timer, so {@code true} without one is an error); no COM1
 *       unless {@code com1:} is given ({@code com1: {}} and {@code com1: true} are 115200 baud,
 *       {@code com1: false} is none); {@code i8042: true};
 *       {@code vcpus: 1} (natively: the machine's CPUs); kernel {@code hz: 250, nohz: true,
 *       highres: true, preempt: false} (Linux's defaults: HZ_250, NO_HZ_IDLE, HIGH_RES_TIMERS,
 *       PREEMPT_VOLUNTARY); a periodic input starts after one period unless {@code from} is given and
 *       runs until the run ends unless {@code until} is given.</li>
 *   <li>Durations: {@code ps} and {@code µs} are accepted besides the documented units; decimals are
 *       fine when the result is whole picoseconds ({@code 1.5ns}). Cycles are work, so they are
 *       accepted only for {@code compute} and {@code kernel}; points in time ({@code start}, input
 *       times, {@code run.until}), {@code sleep}, {@code wait-period} and scheduler times take a time
 *       unit. Scheduler times are kept in nanoseconds, Xen's unit.</li>
 *   <li>Ranges: COM1's baud is 115200 divided by a whole divisor (the 16550A's); {@code vcpus} 1..256;
 *       a domain's {@code pin} lists at least one CPU per vcpu; without {@code pin} vcpus may outnumber
 *       the CPUs, as Xen allows; a non-real-time task's priority can only be 0; the {@code nice} step
 *       sets the nice value (-20..19), as {@code setpriority} does; {@code loop: N} repeats N >= 1
 *       more times. Domain and task names cannot hold {@code .} or {@code =}, so {@code --set} can
 *       address them.</li>
 *   <li>Bytes given as text are one byte per character, so {@code "\xff"} is 0xFF; a character above
 *       U+00FF is an error rather than a guess at an encoding.</li>
 *   <li>A task may {@code read} and {@code write} any task device of the catalog, provided the machine
 *       has the device behind it ({@code ttyS0} needs {@code com1}, {@code serio_raw} the i8042).</li>
 *   <li>{@code run.trace} may be one kind or a list. Problems are listed in file order, then the
 *       {@code --set} ones.</li>
 * </ul>
 */
public final class ImageReader {
    private ImageReader() {
    }

    /** The scenario in {@code text}, named {@code fileName} in problems. */
    public static Scenario read(String fileName, String text, Catalog catalog) throws ImageException {
        return read(fileName, text, List.of(), catalog);
    }

    /**
     * The scenario in {@code text} with {@code overrides} ({@code --set} arguments, {@code KEY=VALUE},
     * applied in order; see {@link Overrides}).
     */
    public static Scenario read(String fileName, String text, List<String> overrides, Catalog catalog)
            throws ImageException {
        Problems problems = new Problems();
        Node root = Yaml.compose(fileName, text, problems);
        problems.throwIfAny(fileName);
        root = Overrides.apply(root, overrides, problems);
        Scenario scenario = new ScenarioParser(new ReadContext(problems, catalog)).scenario(root);
        problems.throwIfAny(fileName);
        return scenario;
    }
}
