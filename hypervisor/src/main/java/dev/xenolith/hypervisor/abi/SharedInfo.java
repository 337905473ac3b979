package dev.xenolith.hypervisor.abi;

/**
 * The shared-info page of one domain ({@code shared_info_t}): a {@link VcpuInfo} per vcpu and the 1024
 * event channels' pending and mask bitmaps in 32-bit words. Pending bits are set by Xen and cleared only by
 * the guest; mask bits are written only by the guest.
 */
public final class SharedInfo {
    public static final int NR_EVENT_CHANNELS = 1024;
    private static final int WORDS = NR_EVENT_CHANNELS / 32;

    private final VcpuInfo[] vcpus;
    private final int[] evtchnPending = new int[WORDS];
    private final int[] evtchnMask = new int[WORDS];

    public SharedInfo(int vcpus) {
        this.vcpus = new VcpuInfo[vcpus];
        for (int i = 0; i < vcpus; i++) {
            this.vcpus[i] = new VcpuInfo();
        }
    }

    public VcpuInfo vcpu(int id) {
        return vcpus[id];
    }

    public int vcpuCount() {
        return vcpus.length;
    }

    /** The 32 pending bits of ports {@code 32*word .. 32*word+31}. */
    public int pendingWord(int word) {
        return evtchnPending[word];
    }

    public int maskWord(int word) {
        return evtchnMask[word];
    }

    public boolean isPending(int port) {
        return (evtchnPending[port >>> 5] & 1 << (port & 31)) != 0;
    }

    public boolean isMasked(int port) {
        return (evtchnMask[port >>> 5] & 1 << (port & 31)) != 0;
    }

    /** The guest acknowledges a port ({@code clear_evtchn}). */
    public void clearPending(int port) {
        evtchnPending[port >>> 5] &= ~(1 << (port & 31));
    }

    public void mask(int port) {
        evtchnMask[port >>> 5] |= 1 << (port & 31);
    }

    /** Clears the mask bit; the guest then asks Xen ({@code EVTCHNOP_unmask}) to resend a pending edge. */
    public void clearMask(int port) {
        evtchnMask[port >>> 5] &= ~(1 << (port & 31));
    }

    /**
     * Xen's half of {@code evtchn_set_pending}: test-and-set the port's pending bit; if it was clear, the port
     * is unmasked and the selector word was clear for {@code vcpu}, set the selector bit and return true:
     * the caller must then mark the vcpu's upcall pending and kick it. Otherwise the edge is merged.
     */
    public boolean setPending(int port, int vcpu) {
        int word = port >>> 5;
        int bit = 1 << (port & 31);
        boolean wasPending = (evtchnPending[word] & bit) != 0;
        evtchnPending[word] |= bit;
        if (wasPending || (evtchnMask[word] & bit) != 0) {
            return false;
        }
        return vcpus[vcpu].setPendingSelBit(word);
    }
}
