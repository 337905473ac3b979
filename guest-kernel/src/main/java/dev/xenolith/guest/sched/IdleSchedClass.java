package dev.xenolith.guest.sched;

import static dev.xenolith.guest.LinuxFunction.CHECK_PREEMPT_CURR_IDLE;
import static dev.xenolith.guest.LinuxFunction.PICK_NEXT_TASK_IDLE;

import dev.xenolith.machine.cpu.Cpu;

/**
 * {@code kernel/sched_idletask.c}: the end of the class chain. It always has its CPU's idle task to offer,
 * any wake-up preempts it, and nothing is ever queued in it (SCHED_IDLE tasks are CFS tasks of weight 2).
 */
final class IdleSchedClass implements SchedClass {
    private final Sched sched;

    IdleSchedClass(Sched sched) {
        this.sched = sched;
    }

    @Override
    public void enqueueTask(Cpu cpu, Rq rq, Task p, boolean wakeup) {
        throw new IllegalStateException("enqueue of the idle task " + p);
    }

    @Override
    public void dequeueTask(Cpu cpu, Rq rq, Task p, boolean sleep) {
        throw new IllegalStateException("bad: scheduling from the idle thread! (" + p + ")");
    }

    @Override
    public void yieldTask(Cpu cpu, Rq rq) {
    }

    @Override
    public void checkPreemptCurr(Cpu cpu, Rq rq, Task p) {
        sched.fn.enter(cpu, CHECK_PREEMPT_CURR_IDLE);
        sched.reschedTask(cpu, rq.idle);
        sched.fn.exit(cpu, CHECK_PREEMPT_CURR_IDLE);
    }

    @Override
    public Task pickNextTask(Cpu cpu, Rq rq) {
        sched.fn.call(cpu, PICK_NEXT_TASK_IDLE);
        return rq.idle;
    }

    @Override
    public void putPrevTask(Cpu cpu, Rq rq, Task p) {
    }

    @Override
    public void taskTick(Cpu cpu, Rq rq, Task p) {
    }

    @Override
    public void setCurrTask(Rq rq) {
    }
}
