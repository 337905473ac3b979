package dev.xenolith.hypervisor.abi;

import dev.xenolith.machine.cpu.Cpu;

/**
 * The hypercall page as a guest sees it: each call traps into Xen through {@code int 0x82} on {@code cpu},
 * runs the hypercall and Xen's exit checks, and returns Xen's result (negative errno on failure).
 *
 * <p>A call that blocks or yields may switch the CPU to another vcpu before it returns; the calling guest
 * code must then end its path at once and continue when its vcpu is resumed (DESIGN.md, the continuation
 * rule). {@link #switchedAway(Cpu)} tells whether that happened; any hypercall can, since its exit path
 * runs pending softirqs.
 */
public interface Hypercalls {
    /** {@code set_callbacks}: the event upcall entry. */
    long setCallbacks(Cpu cpu, EventCallback event);

    /** {@code sched_op(SCHEDOP_yield | SCHEDOP_block | SCHEDOP_shutdown, reason)}. */
    long schedOp(Cpu cpu, int command, int reason);

    /** {@code set_timer_op}: one-shot VIRQ_TIMER at absolute system time {@code timeoutNs}; 0 cancels. */
    long setTimerOp(Cpu cpu, long timeoutNs);

    /**
     * {@code vcpu_op(VCPUOP_set_singleshot_timer | VCPUOP_stop_singleshot_timer | VCPUOP_stop_periodic_timer)}
     * for the calling vcpu ({@code timeoutAbsNs} and {@code flags} only for the first).
     */
    long vcpuOp(Cpu cpu, int command, long timeoutAbsNs, int flags);

    /** {@code console_io(CONSOLEIO_write)}: the bytes appear on Xen's console, prefixed by the domain. */
    long consoleWrite(Cpu cpu, CharSequence text);

    /** {@code event_channel_op(EVTCHNOP_bind_virq)}: returns the new port. */
    long bindVirq(Cpu cpu, int virq, int vcpu);

    /** {@code event_channel_op(EVTCHNOP_bind_ipi)}: a port that another vcpu of the domain can notify. */
    long bindIpi(Cpu cpu, int vcpu);

    /** {@code event_channel_op(EVTCHNOP_alloc_unbound)}: a port that domain {@code remoteDomain} may bind to. */
    long allocUnbound(Cpu cpu, int remoteDomain);

    /**
     * {@code event_channel_op(EVTCHNOP_bind_interdomain)}: a local port connected to {@code remotePort},
     * which {@code remoteDomain} allocated unbound for this domain; a send on either end notifies the other.
     */
    long bindInterdomain(Cpu cpu, int remoteDomain, int remotePort);

    /** {@code event_channel_op(EVTCHNOP_send)}. */
    long send(Cpu cpu, int port);

    /** {@code event_channel_op(EVTCHNOP_unmask)}: resends a pending edge after the guest clears the mask. */
    long unmask(Cpu cpu, int port);

    /** {@code xen_version}: the cheap hypercall Linux uses to force a pending upcall through. */
    long xenVersion(Cpu cpu);

    /**
     * Whether the hypercall just made on {@code cpu} ended with the calling vcpu switched out: the caller
     * must then end its guest path and continue from its own saved state when resumed.
     */
    boolean switchedAway(Cpu cpu);
}
