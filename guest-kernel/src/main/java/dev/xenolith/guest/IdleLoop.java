package dev.xenolith.guest;

import static dev.xenolith.guest.LinuxFunction.DEFAULT_IDLE;
import static dev.xenolith.guest.LinuxFunction.SAFE_HALT;

import dev.xenolith.guest.sched.Task;
import dev.xenolith.machine.cpu.Context;
import dev.xenolith.machine.cpu.Cpu;

/**
 * A CPU's idle task ({@code cpu_idle} in {@code process_32.c}), which runs with preemption off. Entering
 * idle it lets nohz stop the tick; while nothing needs the CPU, {@code default_idle} disables interrupts,
 * checks once more and halts with {@code sti; hlt}, whose one-instruction shadow means a wake-up cannot slip
 * in between (each interrupt returns here, and {@code irq_exit} has re-evaluated the tick). Once
 * TIF_NEED_RESCHED is set, the tick restarts and the idle task calls {@code schedule()}.
 */
final class IdleLoop implements Context {
    private final Linux linux;
    private final Task idle;
    /** Inside the inner {@code while (!need_resched())} loop: the tick has been offered to nohz. */
    private boolean idling;

    IdleLoop(Linux linux, Task idle) {
        this.linux = linux;
        this.idle = idle;
    }

    @Override
    public void resume(Cpu cpu) {
        linux.beginPath(cpu);
        if (idle.takeSwitchIn()) {
            if (linux.sched.finishTaskSwitch(cpu)) {
                return;
            }
            idle.preemptDisable();
        }
        while (true) {
            if (!idling) {
                linux.tickSched.tickNohzStopSchedTick(cpu);
                idling = true;
            }
            if (!idle.needResched()) {
                defaultIdle(cpu);
                return;
            }
            idling = false;
            linux.tickSched.tickNohzRestartSchedTick(cpu);
            idle.preemptEnableNoResched();
            if (linux.sched.schedule(cpu)) {
                return;
            }
            idle.preemptDisable();
        }
    }

    /**
     * {@code default_idle}: interrupts off, a last look, then {@code safe_halt} ({@code sti; hlt} natively,
     * a blocking hypercall under Xen), or interrupts back on.
     */
    private void defaultIdle(Cpu cpu) {
        linux.fn.enter(cpu, DEFAULT_IDLE);
        linux.localIrqDisable(cpu);
        boolean halt = !idle.needResched();
        if (halt) {
            linux.fn.call(cpu, SAFE_HALT);
        } else {
            linux.localIrqEnable(cpu);
        }
        linux.fn.exit(cpu, DEFAULT_IDLE);
        if (halt) {
            linux.platform.safeHalt(cpu);
        }
    }

    @Override
    public void workStopped(Cpu cpu, long remainingCycles) {
    }

    @Override
    public String name() {
        return idle.comm();
    }
}
