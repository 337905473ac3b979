package dev.xenolith.cli;

import dev.xenolith.cli.image.ImageException;
import dev.xenolith.cli.image.Problem;
import dev.xenolith.cli.image.Scenario;
import dev.xenolith.cli.stats.RunStats;
import dev.xenolith.devices.board.PcBoard;
import dev.xenolith.machine.Machine;
import dev.xenolith.machine.cpu.Cpu;
import dev.xenolith.machine.cpu.Gate;
import java.util.List;

/**
 * The software {@code xenolith boot} runs on the machine: what it installs before the run, and what only
 * it can say about the run afterwards. The machine, the board and the image's input are built the same
 * way for every image (see {@link Hardware}); this seam is all that differs between the bare-metal
 * firmware, a natively booted guest kernel and the hypervisor with its domains.
 *
 * <p>Implementations: {@link BareMetal}, {@link NativeLinux} ({@code hypervisor: none}) and {@link XenSystem}
 * (a scheduler under {@code hypervisor:}).
 */
interface BootedSystem {

    /**
     * Installs the software on the wired machine before it runs: IDT gates, start-up code, the
     * bootstrap CPU's first context (powering it on). {@code scenario} is the image being booted, with
     * the command line's overrides applied, or {@code null} for the built-in bare-metal board.
     */
    void install(Machine machine, PcBoard board, Scenario scenario);

    /** The vector of the software's timer interrupt (the local APIC timer's, or IRQ0's on the PIT path). */
    int timerVector();

    /**
     * The name {@code --stats} counts {@code vector} under: its IDT gate's by default, so that the counts
     * read like the software's own symbols. Vectors given one name are added up.
     */
    default String interruptName(int vector, Gate gate) {
        return gate != null ? gate.name() : String.format("vector_0x%02x", vector);
    }

    /** Context switches the software made on {@code cpu} so far (Linux's {@code nr_switches}, Xen's vcpu switches). */
    long contextSwitches(Cpu cpu);

    /**
     * The domains with their vcpus and tasks, in image order, as the run ended; empty without domains.
     * {@code cpus} are the physical CPUs' statistics, which are a native kernel's vcpus.
     */
    List<RunStats.DomainStats> domains(List<RunStats.CpuStats> cpus);

    /**
     * The software that boots {@code scenario}, or an image problem saying which part of it is not modelled,
     * so that {@code boot} exits with status 2 before building anything.
     */
    static BootedSystem forScenario(Scenario scenario) throws ImageException {
        if (scenario.isNative()) {
            if (!scenario.machine().apicTimer()) {
                throw new ImageException(List.of(new Problem(scenario.machine().pos(), "machine.apic-timer: the"
                        + " native kernel's tick runs from every CPU's local APIC timer once calibrated (a PIT-only"
                        + " tick with broadcast to the other CPUs is not modelled), so expected 'apic-timer: true'")));
            }
            return new NativeLinux();
        }
        return new XenSystem();
    }
}
