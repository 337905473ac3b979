/**
 * A Linux-like guest kernel modelled on Linux 2.6.25 for 32-bit x86 with CONFIG_PREEMPT, with a native
 * platform backend and a Xen PV backend.
 */
package dev.xenolith.guest;
