package dev.xenolith.hypervisor.abi;

/**
 * Xen's time record for a vcpu ({@code vcpu_time_info}, {@code update_dom_time} in 2.0): system time (ns
 * since Xen booted) sampled with the TSC at the same instant, and the scale from TSC cycles to ns. The
 * version is odd while Xen writes; a guest reads until it sees the same even version before and after.
 */
public final class VcpuTime {
    private int version;
    private long tscTimestamp;
    private long systemTime;
    private long tscToSystemMul;
    private int tscShift;

    /** Xen's write, bracketed by the version bumps. */
    public void update(long tscTimestamp, long systemTime, long tscToSystemMul, int tscShift) {
        version++;
        this.tscTimestamp = tscTimestamp;
        this.systemTime = systemTime;
        this.tscToSystemMul = tscToSystemMul;
        this.tscShift = tscShift;
        version++;
    }

    public int version() {
        return version;
    }

    public long tscTimestamp() {
        return tscTimestamp;
    }

    public long systemTime() {
        return systemTime;
    }

    /** ns per TSC cycle as a 32.32 fixed-point multiplier applied after shifting by {@link #tscShift()}. */
    public long tscToSystemMul() {
        return tscToSystemMul;
    }

    public int tscShift() {
        return tscShift;
    }
}
