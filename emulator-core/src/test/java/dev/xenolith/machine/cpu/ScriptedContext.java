package dev.xenolith.machine.cpu;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/** A context whose resumes run a script of steps, one per resume; the last step repeats. */
final class ScriptedContext implements Context {
    private final List<Consumer<Cpu>> steps = new ArrayList<>();
    private int next;
    final List<Long> stoppedWithRemaining = new ArrayList<>();
    final List<Long> resumedAt = new ArrayList<>();

    ScriptedContext then(Consumer<Cpu> step) {
        steps.add(step);
        return this;
    }

    @Override
    public void resume(Cpu cpu) {
        resumedAt.add(cpu.now());
        steps.get(Math.min(next++, steps.size() - 1)).accept(cpu);
    }

    @Override
    public void workStopped(Cpu cpu, long remainingCycles) {
        stoppedWithRemaining.add(remainingCycles);
    }

    @Override
    public String name() {
        return "scripted";
    }
}
