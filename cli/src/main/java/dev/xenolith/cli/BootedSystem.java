package dev.xenolith.cli;

import dev.xenolith.cli.image.ImageException;
import dev.xenolith.cli.image.Problem;
import dev.xenolith.cli.image.Scenario;
import dev.xenolith.cli.stats.RunStats;
import dev.xenolith.devices.board.PcBoard;
import dev.xenolith.machine.Machine;
import dev.xenolith.machine.cpu.Cpu;
import java.util.List;

/**
 * The software {@code xenolith boot} runs on the machine: what it installs before the run, and what only
 * it can say about the run afterwards. The machine, the board and the image's input are built the same
 * way for every image (see {@link Hardware}); this seam is all that differs between the bare-metal
 * firmware, a natively booted guest kernel and the hypervisor with its domains.
 *
 * <p>Implementations: {@link BareMetal}. A native Linux boot ({@code hypervisor: none}) and a Xen boot
 * are added in {@link #forScenario}, which until then says which part is not built yet.
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

    /** Context switches the software made on {@code cpu} so far (Linux's {@code nr_switches}, Xen's vcpu switches). */
    long contextSwitches(Cpu cpu);

    /** The domains with their vcpus and tasks, in image order, as the run ended; empty without domains. */
    List<RunStats.DomainStats> domains();

    /**
     * The software that boots {@code scenario}, or an image problem saying which part of it is not built
     * yet, so that {@code boot} exits with status 2 before building anything.
     */
    static BootedSystem forScenario(Scenario scenario) throws ImageException {
        if (scenario.isNative()) {
            // hypervisor: none: the guest kernel's native x86 backend owns the machine; its BootedSystem
            // goes here once guest-kernel can boot.
            throw notBuilt(new Problem(scenario.domains().get(0).pos(), "domain '" + scenario.domains().get(0).name()
                    + "': booting the Linux-like guest kernel natively ('hypervisor: none') is not built yet:"
                    + " module guest-kernel has no kernel to boot so far"));
        }
        // A scheduler: Xen boots (module hypervisor) and starts a PV guest kernel in each domain; its
        // BootedSystem goes here once guest-kernel has its Xen backend.
        throw notBuilt(new Problem(scenario.hypervisor().pos(), "hypervisor: the Xen-style hypervisor is built, but"
                + " the guest kernel its domains run (module guest-kernel) is not built yet, so images with domains"
                + " cannot boot so far"));
    }

    private static ImageException notBuilt(Problem problem) {
        return new ImageException(List.of(problem));
    }
}
