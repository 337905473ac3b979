package dev.xenolith.guest.sched;

import dev.xenolith.machine.cpu.Cpu;

/**
 * {@code struct sched_class} of 2.6.25: what the core asks each class (rt, fair, idle), in the order of
 * the class chain. {@code cpu} is the processor running the code, which pays for it; {@code rq} may be
 * another CPU's queue (a remote wake-up).
 */
interface SchedClass {
    void enqueueTask(Cpu cpu, Rq rq, Task p, boolean wakeup);

    void dequeueTask(Cpu cpu, Rq rq, Task p, boolean sleep);

    void yieldTask(Cpu cpu, Rq rq);

    /** The running task's class decides whether the woken {@code p} preempts it. */
    void checkPreemptCurr(Cpu cpu, Rq rq, Task p);

    /** The next task of this class, made current; null if the class has none to run. */
    Task pickNextTask(Cpu cpu, Rq rq);

    void putPrevTask(Cpu cpu, Rq rq, Task p);

    void taskTick(Cpu cpu, Rq rq, Task p);

    /** The running task changed class or priority in place: account it anew. */
    void setCurrTask(Rq rq);

    /** {@code select_task_rq}: where a waking {@code p} should be queued. */
    default int selectTaskRq(Cpu cpu, Task p) {
        return p.cpu;
    }

    /** Before {@code pick_next_task}: RT pulls tasks when its priority drops. */
    default void preSchedule(Cpu cpu, Rq rq, Task prev) {
    }

    /** After the switch, on behalf of the new current task's class: RT pushes surplus tasks. */
    default void postSchedule(Cpu cpu, Rq rq) {
    }

    /** A task was woken on {@code rq} but does not run yet. */
    default void taskWakeUp(Cpu cpu, Rq rq, Task p) {
    }
}
