package dev.xenolith.hypervisor;

import static dev.xenolith.hypervisor.XenFunction.ADD_AC_TIMER;
import static dev.xenolith.hypervisor.XenFunction.AC_TIMER_SOFTIRQ_ACTION;
import static dev.xenolith.hypervisor.XenFunction.MOD_AC_TIMER;
import static dev.xenolith.hypervisor.XenFunction.REM_AC_TIMER;
import static dev.xenolith.hypervisor.XenFunction.REPROGRAM_AC_TIMER;

import dev.xenolith.devices.apic.ApicRegisters;
import dev.xenolith.hypervisor.softirq.Softirq;
import dev.xenolith.hypervisor.timer.AcTimer;
import dev.xenolith.machine.cpu.Cpu;

/**
 * Xen 2.0's accurate timers ({@code ac_timer.c}) and their hardware side ({@code reprogram_ac_timer} in
 * {@code apic.c}). Adding or removing the heap's top raises {@code AC_TIMER_SOFTIRQ} on the owner, whose
 * softirq handler expires what is due within {@code TIMER_SLOP} (50 us early) and programs the local APIC
 * one-shot for the new top. Without an APIC timer the PIT's 100 Hz {@code timer_interrupt} raises the
 * softirq instead, so timers are polled at 10 ms granularity.
 */
final class AcTimers {
    /** Timers this close to expiry are run now rather than reprogramming the hardware (50 us). */
    static final long TIMER_SLOP_NS = 50_000;
    /** What {@code reprogram_ac_timer(0)} loads when there is no timer: "hold off for ages". */
    static final int NO_TIMER_COUNT = 0xFFFF_FFFF;

    private final Xen xen;
    private final boolean apicTimer;
    /** APIC bus clocks per ns in 14.18 fixed point, as {@code calibrate_APIC_clock}'s {@code bus_scale}. */
    private long busScale;

    AcTimers(Xen xen, boolean apicTimer) {
        this.xen = xen;
        this.apicTimer = apicTimer;
    }

    boolean apicTimer() {
        return apicTimer;
    }

    /** {@code calibrate_APIC_clock}'s result: {@code bus_scale = (1000 << 18) / bus_cycle_ps}. */
    void calibrate(long busCyclePicos) {
        busScale = (1000L << 18) / busCyclePicos;
    }

    /** {@code add_ac_timer}, from any CPU: the owner reprograms if the new timer is its earliest. */
    void add(Cpu on, AcTimer timer, long expires) {
        xen.fn.enter(on, ADD_AC_TIMER);
        if (xen.percpu(timer.cpu()).timers.add(timer, expires)) {
            xen.raiseSoftirqOn(on, timer.cpu(), Softirq.AC_TIMER_SOFTIRQ);
        }
        xen.fn.exit(on, ADD_AC_TIMER);
    }

    /** {@code rem_ac_timer}: no-op for an inactive timer. */
    void remove(Cpu on, AcTimer timer) {
        xen.fn.enter(on, REM_AC_TIMER);
        if (xen.percpu(timer.cpu()).timers.remove(timer)) {
            xen.raiseSoftirqOn(on, timer.cpu(), Softirq.AC_TIMER_SOFTIRQ);
        }
        xen.fn.exit(on, REM_AC_TIMER);
    }

    /** {@code mod_ac_timer}. */
    void modify(Cpu on, AcTimer timer, long expires) {
        xen.fn.enter(on, MOD_AC_TIMER);
        remove(on, timer);
        add(on, timer, expires);
        xen.fn.exit(on, MOD_AC_TIMER);
    }

    /** {@code ac_timer_softirq_action}: run what is due (with the slop), then reprogram the APIC. */
    void softirqAction(int id) {
        PerCpu pcpu = xen.percpu(id);
        Cpu cpu = pcpu.cpu;
        xen.fn.enter(cpu, AC_TIMER_SOFTIRQ_ACTION);
        do {
            AcTimer top;
            while ((top = pcpu.timers.top()) != null && top.expires() < xen.now(cpu) + TIMER_SLOP_NS) {
                pcpu.timers.remove(top);
                run(cpu, top);
            }
        } while (!reprogram(cpu, pcpu.timers.top()));
        xen.fn.exit(cpu, AC_TIMER_SOFTIRQ_ACTION);
    }

    /**
     * Calls an expired timer's function, traced and charged under the timer's symbol
     * ({@code s_timer_fn}, {@code csched_tick}, ...), whichever layer declared it.
     */
    private void run(Cpu cpu, AcTimer timer) {
        if (cpu.tracing()) {
            cpu.traceEntry(xen.fn.layer(), timer.symbol());
        }
        cpu.charge(timer.cycles(xen.machine().costs()));
        timer.function().expire(cpu.id(), xen.now(cpu));
        if (cpu.tracing()) {
            cpu.traceExit(xen.fn.layer(), timer.symbol());
        }
    }

    /**
     * {@code reprogram_ac_timer}: loads the APIC's one-shot count for {@code top}'s expiry; false when the
     * deadline is already past or too close to program, and the caller must run timers again.
     */
    private boolean reprogram(Cpu cpu, AcTimer top) {
        xen.fn.enter(cpu, REPROGRAM_AC_TIMER);
        boolean programmed = true;
        if (top == null) {
            if (apicTimer) {
                ApicRegisters.write(cpu, ApicRegisters.TMICT, NO_TIMER_COUNT);
            }
        } else {
            long expire = top.expires() - xen.now(cpu);
            if (expire <= 0) {
                programmed = false;
            } else if (apicTimer) {
                // a deadline closer than one bus clock still gets one: the count cannot be zero (that stops
                // the timer), and running the loop again would not move time on an ideal machine
                long count = Math.max(1, Math.min((busScale * expire) >>> 18, 0xFFFF_FFFFL));
                ApicRegisters.write(cpu, ApicRegisters.TMICT, (int) count);
            }
        }
        xen.fn.exit(cpu, REPROGRAM_AC_TIMER);
        return programmed;
    }
}
