package dev.xenolith.hypervisor.domain;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * A domain: a guest (or, with {@link #isIdle()}, the idle domain that owns each CPU's idle vcpu, Xen's
 * {@code IDLE_DOMAIN_ID} 0x7FFF). It has one or more vcpus, as from Xen 3.0; the scheduler sees the
 * vcpus and keeps its per-domain data in {@link #schedPriv()}.
 */
public final class Domain {
    public static final int IDLE_DOMAIN_ID = 0x7FFF;

    private final int id;
    private final String name;
    private final List<Vcpu> vcpus = new ArrayList<>();
    private int pauseCount;
    private boolean shutdown;
    private Object schedPriv;

    public Domain(int id, String name) {
        this.id = id;
        this.name = name;
    }

    public int id() {
        return id;
    }

    public String name() {
        return name;
    }

    public boolean isIdle() {
        return id == IDLE_DOMAIN_ID;
    }

    /** Adds the domain's next vcpu (numbered from 0), initially on physical CPU {@code processor}. */
    public Vcpu addVcpu(int processor, int physicalCpus) {
        Vcpu vcpu = new Vcpu(this, vcpus.size(), processor, physicalCpus);
        vcpus.add(vcpu);
        return vcpu;
    }

    public List<Vcpu> vcpus() {
        return Collections.unmodifiableList(vcpus);
    }

    public Vcpu vcpu(int id) {
        return vcpus.get(id);
    }

    /** Runnable as a whole: not paused ({@code pausecnt}) and not shut down. */
    public boolean isRunnable() {
        return pauseCount == 0 && !shutdown;
    }

    public void pause() {
        pauseCount++;
    }

    public void unpause() {
        if (pauseCount == 0) {
            throw new IllegalStateException(name + " is not paused");
        }
        pauseCount--;
    }

    public boolean isShutdown() {
        return shutdown;
    }

    public void setShutdown() {
        shutdown = true;
    }

    /** The scheduler's per-domain data (credit's {@code csched_dom}); the scheduler alone interprets it. */
    public Object schedPriv() {
        return schedPriv;
    }

    public void setSchedPriv(Object schedPriv) {
        this.schedPriv = schedPriv;
    }

    @Override
    public String toString() {
        return isIdle() ? "idle" : "d" + id;
    }
}
