package dev.xenolith.hypervisor.abi;

/**
 * A vcpu's slot in the shared-info page ({@code vcpu_info}): the upcall pending flag (set by Xen, cleared by
 * the guest before it scans), the upcall mask (the guest's virtual interrupt flag; cleared by Xen when the
 * vcpu blocks), the selector of 32-port words with pending events, and the vcpu's time record.
 */
public final class VcpuInfo {
    boolean upcallPending;
    /** A new vcpu starts with upcalls masked, as Xen sets it up: the guest unmasks once its callback is registered. */
    boolean upcallMask = true;
    int pendingSel;
    private final VcpuTime time = new VcpuTime();
    private final VcpuRunstate runstate = new VcpuRunstate();

    public boolean upcallPending() {
        return upcallPending;
    }

    public void setUpcallPending(boolean pending) {
        upcallPending = pending;
    }

    public boolean upcallMask() {
        return upcallMask;
    }

    public void setUpcallMask(boolean masked) {
        upcallMask = masked;
    }

    /** Atomically takes the selector (the guest's {@code xchg(&pending_sel, 0)}). */
    public int takePendingSel() {
        int sel = pendingSel;
        pendingSel = 0;
        return sel;
    }

    /**
     * Sets a selector bit; true if it was clear (the edge that schedules an upcall). Xen does it when it sets a
     * port pending, and the guest when it unmasks a port that is still pending.
     */
    public boolean setPendingSelBit(int word) {
        int bit = 1 << word;
        boolean wasClear = (pendingSel & bit) == 0;
        pendingSel |= bit;
        return wasClear;
    }

    public VcpuTime time() {
        return time;
    }

    public VcpuRunstate runstate() {
        return runstate;
    }
}
