package dev.xenolith.hypervisor.sched;

import dev.xenolith.hypervisor.domain.Vcpu;
import dev.xenolith.hypervisor.timer.AcTimer;
import dev.xenolith.machine.trace.TracedFunction;

/**
 * What the scheduling framework ({@code schedule.c}) offers a scheduler plug-in: the CPUs and who runs on
 * them, the softirq that makes a CPU reschedule, ac_timers, and tracing of the plug-in's own functions.
 */
public interface SchedulerHost {
    int cpuCount();

    /** {@code NOW()}: system time in ns, at the running CPU's local time. */
    long now();

    /** {@code schedule_data[cpu].idle}. */
    Vcpu idleVcpu(int cpu);

    /** {@code schedule_data[cpu].curr}: the vcpu running (or last chosen) on {@code cpu}. */
    Vcpu current(int cpu);

    /** {@code idle_cpu(cpu)}. */
    default boolean isIdle(int cpu) {
        return current(cpu).isIdle();
    }

    /**
     * {@code cpu_raise_softirq(cpu, SCHEDULE_SOFTIRQ)}: makes {@code cpu} run {@code __enter_scheduler}
     * at its next exit check; an event-check IPI goes only to a remote CPU whose bit was clear.
     */
    void raiseScheduleSoftirq(int cpu);

    /** {@code add_ac_timer}. */
    void addTimer(AcTimer timer, long expires);

    /** {@code rem_ac_timer}. */
    void removeTimer(AcTimer timer);

    /** {@code mod_ac_timer}. */
    void modifyTimer(AcTimer timer, long expires);

    /** {@code schedule_data[cpu].s_timer}, which BVT pulls earlier on a wake-up. */
    AcTimer scheduleTimer(int cpu);

    /** Traced functions of the plug-in, in the hypervisor's layer, charged from the machine's costs. */
    <F extends Enum<F> & TracedFunction> PluginFunctions<F> functions(Class<F> type);
}
