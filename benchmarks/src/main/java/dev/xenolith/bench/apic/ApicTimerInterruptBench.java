package dev.xenolith.bench.apic;

import dev.xenolith.bench.HotPathBenchmark;
import dev.xenolith.machine.event.IndexedEventQueue;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Setup;

/**
 * The local APIC timer's interrupt, delivered through the CPU, absolute: one operation runs the
 * {@link ApicTimerRig} machine on for one period, in which the timer's expiry event fires, the APIC sets the
 * vector in IRR and cuts the task's work span, the CPU acknowledges it (IRR to ISR) and enters the IDT gate,
 * the handler writes the EOI and re-arms the timer ({@code mode}: TMICT one-shot or TSC-deadline), the
 * {@code iret} returns, and the task's work span resumes. {@code ApicTimerInterruptBenchTest} checks that each
 * operation takes exactly one interrupt.
 */
public class ApicTimerInterruptBench extends HotPathBenchmark {
    @Param({"one-shot", "tsc-deadline"})
    public String mode;

    private ApicTimerRig rig;

    @Setup
    public void setUp() {
        rig = new ApicTimerRig(mode, new IndexedEventQueue());
    }

    @Benchmark
    public long timerInterrupt() {
        rig.machine.runUntil(rig.machine.now() + ApicTimerRig.PERIOD);
        return rig.cpu.vectorsTaken(ApicTimerRig.VECTOR);
    }
}
