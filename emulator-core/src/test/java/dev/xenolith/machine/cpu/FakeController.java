package dev.xenolith.machine.cpu;

import java.util.TreeSet;

/** A minimal interrupt controller for CPU tests: pending vectors, highest first, no priority masking. */
final class FakeController implements InterruptController {
    private final TreeSet<Integer> pending = new TreeSet<>();
    private Cpu cpu;

    void attachTo(Cpu cpu) {
        this.cpu = cpu;
        cpu.attach(this);
    }

    void raise(int vector) {
        pending.add(vector);
        cpu.interruptRequest();
    }

    @Override
    public boolean hasInterrupt() {
        return !pending.isEmpty();
    }

    @Override
    public int acknowledge() {
        return pending.pollLast();
    }
}
