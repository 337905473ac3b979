package dev.xenolith.hypervisor.sched;

import dev.xenolith.hypervisor.domain.Vcpu;

/**
 * What a scheduler's {@code do_schedule} decides: Xen 2.0's {@code task_slice_t}, the vcpu to run next and
 * for how long. A negative time means "arm no scheduling timer", as modern Xen's {@code next_time} does
 * for an idle CPU under credit (Xen 2.0 always armed {@code s_timer}). One instance per CPU is reused by
 * the framework, so deciding allocates nothing.
 */
public final class TaskSlice {
    private Vcpu task;
    private long time;

    public void set(Vcpu task, long time) {
        this.task = task;
        this.time = time;
    }

    public Vcpu task() {
        return task;
    }

    /** The slice in ns, or negative for no scheduling timer. */
    public long time() {
        return time;
    }
}
