package dev.xenolith.guest;

import dev.xenolith.machine.cpu.Context;
import dev.xenolith.machine.cpu.Cpu;

/**
 * A CPU's context while it boots: its spans are spins (waiting for calibration ticks or for other CPUs to
 * come up), so nothing is owed when one is cut, and it goes on from its own phase when resumed.
 */
abstract class BootStep implements Context {
    private final String name;

    BootStep(String name) {
        this.name = name;
    }

    @Override
    public final void workStopped(Cpu cpu, long remainingCycles) {
    }

    @Override
    public final String name() {
        return name;
    }
}
