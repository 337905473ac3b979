/**
 * The emulator core: simulated time ({@code time}), the event queue ({@code event}), processors
 * ({@code cpu}), the I/O and MMIO bus ({@code bus}), the cost model ({@code cost}) and tracing
 * ({@code trace}). It knows nothing of the devices, the hypervisor or the guest above it.
 */
package dev.xenolith.machine;
