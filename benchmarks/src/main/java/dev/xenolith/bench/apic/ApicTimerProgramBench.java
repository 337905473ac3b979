package dev.xenolith.bench.apic;

import dev.xenolith.bench.HotPathBenchmark;
import dev.xenolith.machine.event.IndexedEventQueue;
import dev.xenolith.machine.event.PriorityQueueEventQueue;
import java.util.SplittableRandom;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Setup;

/**
 * Programming the local APIC timer: re-arming a pending timer for the next deadline, as Xen's
 * {@code reprogram_ac_timer} and Linux's {@code lapic_next_event} do at the end of every timer interrupt,
 * through the real {@code LocalApic} behind the CPU's MMIO or MSR interface. One operation, inside
 * {@code Cpu.runPath} on the stopped {@link ApicTimerRig}: one register write for a deadline 10 us .. 1 ms
 * ahead (precomputed), which moves the timer's expiry in the machine's event queue.
 *
 * <p>{@code mode}: {@code one-shot} writes TMICT (the LAPIC_ACCESS path of {@code Cpu.writeMmio}, the timer's
 * count and anchor); {@code tsc-deadline} writes IA32_TSC_DEADLINE ({@code Cpu.wrmsr}). {@code impl}: the
 * machine's {@code IndexedEventQueue} (a sift from the event's slot) against a {@code PriorityQueue} of events
 * (a linear {@code remove} and an {@code add}), in the same run; the rig's queue holds the handful of events
 * of a 1-CPU board.
 */
public class ApicTimerProgramBench extends HotPathBenchmark {
    @Param({"one-shot", "tsc-deadline"})
    public String mode;

    @Param({"indexed", "java.util"})
    public String impl;

    private ApicTimerRig rig;
    private final long[] ahead = new long[INPUTS];
    private int cursor;
    private final Runnable rearm = () -> rig.arm(rig.machine.now() + ahead[cursor++ & MASK]);

    @Setup
    public void setUp() {
        rig = new ApicTimerRig(mode, "indexed".equals(impl) ? new IndexedEventQueue() : new PriorityQueueEventQueue());
        SplittableRandom random = new SplittableRandom(42);
        for (int i = 0; i < INPUTS; i++) {
            ahead[i] = 10 * ApicTimerRig.PERIOD / 1000 + random.nextLong(ApicTimerRig.PERIOD);
        }
    }

    @Benchmark
    public int rearm() {
        rig.cpu.runPath(rearm);
        return cursor;
    }
}
