package dev.xenolith.hypervisor.sched.credit;

import dev.xenolith.hypervisor.domain.Vcpu;

/** {@code struct csched_vcpu}: a vcpu's credit, priority and places in the run and active lists. */
final class CschedVcpu {
    final Vcpu vcpu;
    /** Its domain's data; null for an idle vcpu. */
    final CschedDom sdom;
    final ListHead<CschedVcpu> runqElem = new ListHead<>(this);
    final ListHead<CschedVcpu> activeElem = new ListHead<>(this);
    int pri;
    /** Credits: 10 per ms of fair share earned, 10 per ms run burned. */
    int credit;
    /** Burned time not yet worth a whole credit, in credit-ns (ns x 10). */
    long residual;
    /** While running, when burning was last charged up to; while queued, that point less the time left. */
    long startTime;
    /** When it was last descheduled, for the cache-hot test of the migration delay. */
    long lastSchedTime;
    /** When it last started running ({@code runstate.state_entry_time}), for the rate limit. */
    long runStart;
    /** {@code v->processor} as the scheduler keeps it: the CPU whose run queue it belongs to. */
    int cpu;
    /** {@code CSCHED_FLAG_VCPU_PARKED}: paused for exceeding its domain's cap. */
    boolean parked;
    /** {@code CSCHED_FLAG_VCPU_YIELD}. */
    boolean yield;
    /** {@code CSCHED_FLAG_VCPU_MIGRATING}: its next wake is a move, not a wake-up, so it gets no boost. */
    boolean migrating;
    /** Xen's {@code _VPF_migrating}: asked to move to a better CPU at its CPU's next schedule. */
    boolean kicked;

    CschedVcpu(Vcpu vcpu, CschedDom sdom, int pri) {
        this.vcpu = vcpu;
        this.sdom = sdom;
        this.pri = pri;
        this.cpu = vcpu.processor();
    }

    boolean onRunq() {
        return !runqElem.isEmpty();
    }
}
