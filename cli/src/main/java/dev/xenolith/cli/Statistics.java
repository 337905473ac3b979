package dev.xenolith.cli;

import dev.xenolith.cli.stats.RunStats;
import dev.xenolith.machine.Machine;
import dev.xenolith.machine.cpu.Cpu;
import dev.xenolith.machine.time.Picos;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Gathers {@link RunStats} when a run ends: the CPUs from the machine, the rest from the software. */
final class Statistics {
    private Statistics() {
    }

    static RunStats collect(Machine machine, BootedSystem system) {
        List<RunStats.CpuStats> cpus = new ArrayList<>();
        for (Cpu cpu : machine.cpus()) {
            cpus.add(cpu(cpu, machine.now(), system));
        }
        return new RunStats(Picos.toNanos(machine.now()), cpus, system.domains(cpus));
    }

    /**
     * One CPU. Idle is the time halted (HLT); busy is the rest. A CPU still waiting for its start-up IPI
     * when the run ends (an application processor never started, or sent back by INIT) is neither running
     * nor halted: it counts as idle for the whole run, since the processor keeps no record of when it
     * entered that state. For the same reason an application processor that was started counts its wait
     * before the start-up IPI as busy.
     *
     * <p>A CPU whose last path charged beyond the end of the run halts, by its local clock, after the end;
     * {@link Cpu#haltedPicos()} then subtracts that overhang, so idle is held to 0..the run.
     */
    private static RunStats.CpuStats cpu(Cpu cpu, long end, BootedSystem system) {
        long idlePicos = cpu.state() == Cpu.State.WAIT_FOR_SIPI ? end : Math.min(end, Math.max(0, cpu.haltedPicos()));
        long simulatedNs = Picos.toNanos(end);
        long idleNs = Picos.toNanos(idlePicos);
        return new RunStats.CpuStats(cpu.id(), simulatedNs - idleNs, idleNs, interrupts(cpu, system),
                cpu.vectorsTaken(system.timerVector()), system.contextSwitches(cpu));
    }

    /** Vectors taken, by the software's name for them in vector order; vectors that share a name are added up. */
    private static Map<String, Long> interrupts(Cpu cpu, BootedSystem system) {
        Map<String, Long> counts = new LinkedHashMap<>();
        for (int vector = 0; vector < 256; vector++) {
            long taken = cpu.vectorsTaken(vector);
            if (taken > 0) {
                counts.merge(system.interruptName(vector, cpu.gate(vector)), taken, Long::sum);
            }
        }
        return counts;
    }
}
