package dev.xenolith.hypervisor.sched.credit;

import dev.xenolith.hypervisor.domain.Domain;

/** {@code struct csched_dom}: a domain's weight and cap and its vcpus that are earning credit. */
final class CschedDom {
    final Domain dom;
    /** Its vcpus on the active list (those that earn credit at accounting). */
    final ListHead<CschedVcpu> activeVcpu = new ListHead<>(null);
    /** Its place on the scheduler's list of domains with active vcpus. */
    final ListHead<CschedDom> activeSdomElem = new ListHead<>(this);
    int activeVcpuCount;
    int weight = CreditScheduler.DEFAULT_WEIGHT;
    /** Percent of one pCPU; 0 = no cap. */
    int cap;

    CschedDom(Domain dom) {
        this.dom = dom;
    }
}
