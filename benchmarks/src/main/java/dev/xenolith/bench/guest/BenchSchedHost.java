package dev.xenolith.bench.guest;

import dev.xenolith.guest.LinuxFunction;
import dev.xenolith.guest.sched.SchedHost;
import dev.xenolith.guest.sched.Task;
import dev.xenolith.machine.Machine;
import dev.xenolith.machine.cost.CostModel;
import dev.xenolith.machine.cpu.Cpu;
import dev.xenolith.machine.trace.Functions;
import dev.xenolith.machine.trace.Layer;

/**
 * The least a guest scheduler needs to run outside a booted kernel: traced functions on a one-CPU machine
 * whose costs are all zero and which has no trace sink (so {@code fn.enter} is a branch and an add), fixed
 * HZ and jiffies, and a {@code sched_clock} that only moves when the benchmark says so, so that every run
 * sees the same clock. The platform's side effects (a context switch, an IPI, the SCHED_SOFTIRQ) are only
 * counted: the benchmark drives the next step itself.
 */
final class BenchSchedHost implements SchedHost {
    static final int HZ = 1000;
    /** jiffies never move: the balancer's interval checks then give the same answer every time. */
    private static final int JIFFIES = 0;

    final Machine machine = Machine.builder().cpus(1).costs(CostModel.zero()).build();
    final Cpu cpu = machine.cpu(0);
    private final Functions<LinuxFunction> fn = new Functions<>(machine, LinuxFunction.class, new Layer("linux"));
    private long clockNs;
    private boolean irqsOff;
    long switches;
    long reschedIpis;
    long schedSoftirqs;
    Task lastSwitchedTo;

    /** Moves {@code sched_clock} on by {@code ns}. */
    void advance(long ns) {
        clockNs += ns;
    }

    long clockNs() {
        return clockNs;
    }

    @Override
    public Functions<LinuxFunction> functions() {
        return fn;
    }

    @Override
    public int hz() {
        return HZ;
    }

    @Override
    public int jiffies() {
        return JIFFIES;
    }

    @Override
    public long schedClock(Cpu cpu) {
        return clockNs;
    }

    @Override
    public void sendReschedule(Cpu from, int to) {
        reschedIpis++;
    }

    @Override
    public void switchTo(Cpu cpu, Task next) {
        switches++;
        lastSwitchedTo = next;
    }

    @Override
    public void raiseSchedSoftirq(Cpu cpu) {
        schedSoftirqs++;
    }

    @Override
    public int smpProcessorId(Cpu cpu) {
        return cpu.id();
    }

    @Override
    public void localIrqDisable(Cpu cpu) {
        irqsOff = true;
    }

    @Override
    public void localIrqEnable(Cpu cpu) {
        irqsOff = false;
    }

    @Override
    public boolean irqsDisabled(Cpu cpu) {
        return irqsOff;
    }
}
