package dev.xenolith.hypervisor.sched;

import dev.xenolith.hypervisor.domain.Domain;
import dev.xenolith.hypervisor.domain.Vcpu;
import java.util.Set;

/**
 * A domain scheduler plug-in: Xen's {@code struct scheduler} ops. The framework calls the hooks under the
 * CPU's schedule lock, inside a kernel path on that CPU; a hook may charge and trace its own functions
 * through {@link SchedulerHost#functions}. A scheduler is a class implementing this interface and nothing
 * else; it is chosen by {@link #optName()} in the image.
 */
public interface Scheduler {
    /** The long name shown at boot ("Borrowed Virtual Time"). */
    String name();

    /** The name images and Xen's {@code sched=} use ("bvt", "rrobin", "credit"). */
    String optName();

    /** Xen's scheduler id ({@code SCHED_BVT} 0, {@code SCHED_RROBIN} 3, {@code XEN_SCHEDULER_CREDIT} 5). */
    int schedId();

    /**
     * {@code init_scheduler} with the scheduler-wide parameters of the image ({@code sched_ctl} / boot
     * options); throws IllegalArgumentException naming a bad parameter or value.
     */
    void init(SchedulerHost host, SchedParams params);

    /** Parameters per domain this scheduler understands ({@code adjdom}), for image validation. */
    Set<String> domainParamNames();

    /** Parameters scheduler-wide this scheduler understands, for image validation. */
    Set<String> globalParamNames();

    /**
     * {@code alloc_task} + {@code add_task} for a new vcpu (also each CPU's idle vcpu, Xen's
     * {@code init_idle_task}); it is not yet runnable and must not be queued until {@link #wake}.
     */
    void addVcpu(Vcpu vcpu);

    /** {@code rem_task} + {@code free_task}. */
    void removeVcpu(Vcpu vcpu);

    /** {@code adjdom}: the domain's parameters (weight, cap, mcu_advance, warp ...); throws on bad values. */
    void adjustDomain(Domain domain, SchedParams params);

    /** The vcpu became unrunnable (blocked, paused): take it off the run queue or make its CPU reschedule. */
    void sleep(Vcpu vcpu);

    /** The vcpu became runnable: queue it and decide whether to preempt (tickle a CPU). */
    void wake(Vcpu vcpu);

    /** {@code do_block}: the running vcpu is about to block (called from {@code __enter_scheduler}). */
    default void block(Vcpu vcpu) {
    }

    /** {@code sched_op(yield)} from the running vcpu, before {@code __enter_scheduler}. */
    default void yield(Vcpu vcpu) {
    }

    /**
     * {@code do_schedule}: choose what {@code cpu} runs next (its idle vcpu when nothing is runnable) and
     * for how long, into {@code out}. {@code now} is system time in ns.
     */
    void doSchedule(int cpu, long now, TaskSlice out);

    /** {@code dump_settings} and {@code dump_cpu_state}: the scheduler's state in a few lines. */
    void dump(StringBuilder out);
}
