/**
 * A Xen-style hypervisor in the manner of Xen 2.0.x: ac_timers, softirqs, the x86 exit path, domains and
 * vcpus, event channels, hypercalls and pluggable domain schedulers. It calls a guest only through its
 * own PV ABI package.
 */
package dev.xenolith.hypervisor;
