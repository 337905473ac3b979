package dev.xenolith.hypervisor.abi;

/**
 * A paravirtualized kernel image Xen can boot. Xen builds the domain and calls {@link #start} for each
 * vcpu; the guest begins in the returned context. (Xen 3 brings secondary vcpus up with
 * {@code VCPUOP_initialise}/{@code VCPUOP_up} from the guest; here Xen starts every vcpu at domain build,
 * each at the guest's entry for that vcpu.)
 */
public interface PvKernel {
    GuestContext start(StartInfo startInfo, int vcpu);
}
