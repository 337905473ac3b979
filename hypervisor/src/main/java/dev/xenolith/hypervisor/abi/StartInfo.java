package dev.xenolith.hypervisor.abi;

/**
 * What Xen hands a PV kernel when it builds the domain ({@code start_info_t}): who it is, its vcpus, its
 * shared-info page, its hypercall page and the system-time scale.
 */
public record StartInfo(int domainId, String domainName, int vcpus, SharedInfo sharedInfo, Hypercalls hypercalls) {
}
