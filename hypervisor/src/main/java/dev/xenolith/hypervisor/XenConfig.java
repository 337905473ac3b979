package dev.xenolith.hypervisor;

import dev.xenolith.hypervisor.sched.SchedParams;
import dev.xenolith.hypervisor.sched.Scheduler;
import java.util.List;

/**
 * How to boot the hypervisor: the scheduler plug-in and its global parameters, whether Xen may use the local
 * APIC timer (without it, ac_timers run from the PIT's 100 Hz tick), the APIC bus clock its calibration
 * finds, the COM1 rate (0: no serial console) and the domains to build.
 */
public record XenConfig(Scheduler scheduler, SchedParams schedParams, boolean apicTimer, long apicBusHz,
        int com1Baud, List<DomainConfig> domains) {
    public XenConfig {
        domains = List.copyOf(domains);
    }
}
