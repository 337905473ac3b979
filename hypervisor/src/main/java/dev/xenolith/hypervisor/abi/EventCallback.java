package dev.xenolith.hypervisor.abi;

import dev.xenolith.machine.cpu.Cpu;

/**
 * The guest's event callback registered with {@code set_callbacks} ({@code hypervisor_callback} →
 * {@code evtchn_do_upcall} in Linux). Xen enters it through a bounce frame when it returns to a vcpu with
 * an upcall pending and unmasked, with the upcall mask set; it runs as a guest kernel path on {@code cpu}.
 */
@FunctionalInterface
public interface EventCallback {
    void upcall(Cpu cpu);
}
