package dev.xenolith.bench.xen;

import dev.xenolith.bench.HotPathBenchmark;
import dev.xenolith.hypervisor.BenchXen;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Setup;

/**
 * Xen's exit path, {@code ret_from_intr} → {@code test_all_events}, through the real entry code on a booted
 * machine ({@link BenchXen}: one physical CPU, one domain computing in user mode), absolute: each operation is
 * one interrupt taken from the guest through Xen's IDT stub and back, inside {@code Cpu.runPath}.
 *
 * <ul>
 *   <li>{@code nothingPending}: {@code event_check_interrupt}: {@code ack_APIC_irq}, then {@code test_all_events}
 *   finds no softirq and no event to bounce and returns to the guest, the common case.</li>
 *   <li>{@code timerSoftirq}: {@code apic_timer_interrupt}: the ack and {@code raise_softirq(AC_TIMER_SOFTIRQ)},
 *   then {@code test_all_events} runs {@code do_softirq} → {@code ac_timer_softirq_action}, which finds nothing
 *   due and reprograms the APIC one-shot for the earliest ac_timer (an MMIO write and a reschedule in the
 *   machine's event queue), and goes round again before returning.</li>
 * </ul>
 * The difference of the two is what the timer softirq adds to an interrupt. {@code ExitPathBenchTest} checks that
 * the first runs no softirq and the second the timer softirq once per operation.
 */
public class ExitPathBench extends HotPathBenchmark {
    private BenchXen xen;

    @Setup
    public void setUp() {
        xen = new BenchXen(null);
    }

    @Benchmark
    public long nothingPending() {
        xen.eventCheckInterrupt();
        return xen.vcpuSwitches();
    }

    @Benchmark
    public long timerSoftirq() {
        xen.apicTimerInterrupt();
        return xen.apicTimerInterrupts();
    }
}
