package dev.xenolith.hypervisor.domain;

import java.util.BitSet;

/**
 * A virtual CPU of a domain: what a physical CPU runs and what Xen's scheduler decides about. Its state
 * follows Xen's flags: running on a CPU ({@code DF_RUNNING}), blocked waiting for an event
 * ({@code DF_BLOCKED}), paused, down. It is runnable when none of blocked, paused, down holds and its
 * domain is runnable; the idle vcpus are always runnable.
 */
public final class Vcpu {
    private final Domain domain;
    private final int id;
    private final BitSet affinity;
    private int processor;
    private boolean running;
    private boolean blocked;
    private boolean paused;
    private boolean down;
    private long lastSchedTime;
    private long cpuTime;
    private Object schedPriv;

    Vcpu(Domain domain, int id, int processor, int physicalCpus) {
        this.domain = domain;
        this.id = id;
        this.processor = processor;
        this.affinity = new BitSet(physicalCpus);
        affinity.set(0, physicalCpus);
    }

    public Domain domain() {
        return domain;
    }

    public int id() {
        return id;
    }

    public boolean isIdle() {
        return domain.isIdle();
    }

    /** The physical CPU this vcpu runs or is queued on ({@code v->processor}). */
    public int processor() {
        return processor;
    }

    /** Moves the vcpu to another physical CPU; only while it is not running there. */
    public void setProcessor(int cpu) {
        if (running && cpu != processor) {
            throw new IllegalStateException(this + " is running on cpu" + processor);
        }
        processor = cpu;
    }

    /** The physical CPUs this vcpu may run on (hard affinity); all by default. */
    public BitSet affinity() {
        return affinity;
    }

    public boolean mayRunOn(int cpu) {
        return affinity.get(cpu);
    }

    /** Restricts the vcpu to the given physical CPUs (pinning). */
    public void pin(BitSet cpus) {
        if (cpus.isEmpty()) {
            throw new IllegalArgumentException(this + ": pinned to no CPU");
        }
        affinity.clear();
        affinity.or(cpus);
    }

    public boolean isRunnable() {
        return isIdle() || (!blocked && !paused && !down && domain.isRunnable());
    }

    public boolean isRunning() {
        return running;
    }

    public void setRunning(boolean running) {
        this.running = running;
    }

    public boolean isBlocked() {
        return blocked;
    }

    public void setBlocked(boolean blocked) {
        this.blocked = blocked;
    }

    public boolean isPaused() {
        return paused;
    }

    public void setPaused(boolean paused) {
        this.paused = paused;
    }

    public boolean isDown() {
        return down;
    }

    public void setDown(boolean down) {
        this.down = down;
    }

    /** When the vcpu was last scheduled in ({@code lastschd}), system time in ns. */
    public long lastSchedTime() {
        return lastSchedTime;
    }

    public void setLastSchedTime(long now) {
        this.lastSchedTime = now;
    }

    /** Physical CPU time consumed so far, ns. */
    public long cpuTime() {
        return cpuTime;
    }

    public void addCpuTime(long ns) {
        cpuTime += ns;
    }

    /** The scheduler's per-vcpu data (BVT's {@code bvt_dom_info}, credit's {@code csched_vcpu}). */
    public Object schedPriv() {
        return schedPriv;
    }

    public void setSchedPriv(Object schedPriv) {
        this.schedPriv = schedPriv;
    }

    /** Appends the name traces show ({@code d1v0}, {@code idle1}) without building a string: tracepoints do this. */
    public StringBuilder appendName(StringBuilder out) {
        return isIdle() ? out.append("idle").append(processor) : out.append('d').append(domain.id()).append('v').append(id);
    }

    @Override
    public String toString() {
        return appendName(new StringBuilder(8)).toString();
    }
}
