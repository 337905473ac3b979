package dev.xenolith.machine.cpu;

/**
 * What owns a CPU between kernel paths: a guest task, an idle loop, a Xen vcpu. A context keeps its own
 * small explicit state (a program counter, the cycles left of a cut work span, the system call it is
 * blocked in) and knows how to continue from it; no Java thread ever stands for a simulated one.
 */
public interface Context {

    /**
     * Called at a boundary when nothing is to be delivered: run the context's next kernel path (charging
     * cycles on {@code cpu}) and/or start its next work span with {@link Cpu#work} or halt with
     * {@link Cpu#halt}. A path that switches to another context ends there; the CPU then resumes the new
     * context at its next boundary.
     */
    void resume(Cpu cpu);

    /**
     * The work span this context started has stopped: it completed ({@code remainingCycles == 0}) or
     * an interrupt cut it, and the context still owes {@code remainingCycles}. Called before the
     * interrupt is delivered, so the context's state is saved before any handler can switch it out.
     */
    void workStopped(Cpu cpu, long remainingCycles);

    /** A short name for diagnostics and traces. */
    String name();
}
