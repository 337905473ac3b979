package dev.xenolith.machine.cpu;

/**
 * The code an IDT gate points to. It runs as one kernel path, including its exit path; when it returns
 * the CPU performs the {@code iret}.
 */
@FunctionalInterface
public interface InterruptHandler {
    void handle(Cpu cpu, InterruptFrame frame);
}
