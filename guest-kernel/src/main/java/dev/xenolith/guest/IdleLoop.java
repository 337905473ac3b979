package dev.xenolith.guest;

import static dev.xenolith.guest.LinuxFunction.DEFAULT_IDLE;
import static dev.xenolith.guest.LinuxFunction.SAFE_HALT;

import dev.xenolith.guest.sched.Task;
import dev.xenolith.machine.cpu.Context;
import dev.xenolith.machine.cpu.Cpu;

/**
 * A CPU's idle task ({@code cpu_idle} in {@code process_32.c}), which runs with preemption off: while
 * nothing needs the CPU, {@code default_idle} disables interrupts, checks once more and halts with
 * {@code sti; hlt}, whose one-instruction shadow means a wake-up cannot slip in between; once
 * TIF_NEED_RESCHED is set it calls {@code schedule()}.
 */
final class IdleLoop implements Context {
    private final Linux linux;
    private final Task idle;

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
        while (idle.needResched()) {
            idle.preemptEnableNoResched();
            if (linux.sched.schedule(cpu)) {
                return;
            }
            idle.preemptDisable();
        }
        linux.fn.enter(cpu, DEFAULT_IDLE);
        cpu.cli();
        if (idle.needResched()) {
            cpu.sti();
            linux.fn.exit(cpu, DEFAULT_IDLE);
            return;
        }
        linux.fn.call(cpu, SAFE_HALT);
        cpu.sti();
        linux.fn.exit(cpu, DEFAULT_IDLE);
        cpu.halt();
    }

    @Override
    public void workStopped(Cpu cpu, long remainingCycles) {
    }

    @Override
    public String name() {
        return idle.comm();
    }
}
