/**
 * The paravirtual ABI between the hypervisor and a PV guest kernel: the only way the hypervisor reaches a
 * guest, and the only part of the hypervisor a guest may use. It follows Xen 2.0.x's public headers
 * ({@code public/xen.h}): hypercall and VIRQ numbers, the shared-info page with its event-channel bitmaps,
 * and the event upcall registered with {@code set_callbacks}. Where a guest with several vcpus needs more,
 * it follows Xen 3.x: a {@code vcpu_info} (upcall pending/mask, pending selector, time) per vcpu, per-vcpu
 * VIRQ_TIMER, {@code VCPUOP_set_singleshot_timer}.
 */
package dev.xenolith.hypervisor.abi;
