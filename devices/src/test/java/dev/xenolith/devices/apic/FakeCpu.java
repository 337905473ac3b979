package dev.xenolith.devices.apic;

import dev.xenolith.machine.cpu.CpuPins;
import java.util.ArrayList;
import java.util.List;

/** A processor that only records what its local APIC drove on its pins. */
final class FakeCpu implements CpuPins {
    int interruptRequests;
    int nmis;
    int inits;
    final List<Integer> startups = new ArrayList<>();

    @Override
    public void interruptRequest() {
        interruptRequests++;
    }

    @Override
    public void nmi() {
        nmis++;
    }

    @Override
    public void init() {
        inits++;
    }

    @Override
    public void startup(int vector) {
        startups.add(vector);
    }
}
