package dev.xenolith.hypervisor;

import dev.xenolith.hypervisor.abi.PvKernel;
import dev.xenolith.hypervisor.sched.SchedParams;
import java.util.BitSet;

/**
 * A domain to build at boot: its name, vcpus, the physical CPUs they may run on (empty for all), its
 * scheduler parameters, and the PV kernel it boots.
 */
public record DomainConfig(String name, int vcpus, BitSet pin, SchedParams sched, PvKernel kernel) {
    public DomainConfig {
        if (vcpus < 1) {
            throw new IllegalArgumentException(name + ": a domain needs at least one vcpu");
        }
        pin = (BitSet) pin.clone();
    }
}
