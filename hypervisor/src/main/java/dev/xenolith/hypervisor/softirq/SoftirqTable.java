package dev.xenolith.hypervisor.softirq;

import java.util.function.IntPredicate;

/**
 * Xen's softirq machinery ({@code xen/common/softirq.c}): a handler table filled at boot by
 * {@code open_softirq} and a pending word per CPU ({@code irq_stat[cpu].__softirq_pending}).
 *
 * <p>{@code raise_softirq} sets a bit on the current CPU; {@code cpu_raise_softirq} sets it on any CPU and
 * sends that CPU an event-check IPI only if the bit was clear before and the CPU is not the caller, so
 * raising an already-pending softirq costs no IPI. {@code do_softirq} runs the lowest-numbered pending
 * softirq, clears its bit first, and re-reads the word until it is empty, so a handler that raises
 * another softirq has it run in the same call.
 */
public final class SoftirqTable {
    /** Runs a softirq's handler on {@code cpu}. */
    @FunctionalInterface
    public interface Handler {
        void run(int cpu);
    }

    /** How the table reaches the hardware: the event-check IPI of {@code smp_send_event_check_cpu}. */
    @FunctionalInterface
    public interface EventCheckSender {
        void sendEventCheck(int fromCpu, int toCpu);
    }

    private final Handler[] handlers = new Handler[Softirq.values().length];
    private final int[] pending;
    private final EventCheckSender ipi;

    public SoftirqTable(int cpus, EventCheckSender ipi) {
        this.pending = new int[cpus];
        this.ipi = ipi;
    }

    /** {@code open_softirq}. */
    public void open(Softirq softirq, Handler handler) {
        handlers[softirq.number()] = handler;
    }

    /** {@code raise_softirq}: on the current CPU, never an IPI. */
    public void raise(int cpu, Softirq softirq) {
        pending[cpu] |= softirq.bit();
    }

    /**
     * {@code cpu_raise_softirq}: returns whether an IPI was sent (the bit went from 0 to 1 on a remote
     * CPU).
     */
    public boolean raiseOn(int fromCpu, int toCpu, Softirq softirq) {
        int before = pending[toCpu];
        pending[toCpu] = before | softirq.bit();
        if ((before & softirq.bit()) == 0 && toCpu != fromCpu) {
            ipi.sendEventCheck(fromCpu, toCpu);
            return true;
        }
        return false;
    }

    /** {@code softirq_pending(cpu)}: the whole pending word, as {@code test_all_events} tests it. */
    public int pending(int cpu) {
        return pending[cpu];
    }

    public boolean isPending(int cpu, Softirq softirq) {
        return (pending[cpu] & softirq.bit()) != 0;
    }

    /** {@code do_softirq}: runs pending softirqs on {@code cpu} in number order until none is left. */
    public void run(int cpu) {
        run(cpu, c -> false);
    }

    /**
     * {@code do_softirq} that stops as soon as {@code abandoned} holds for the CPU after a handler: the
     * handler switched vcpus and Xen's {@code schedule_tail} has reset the stack, so this activation's
     * loop is gone; whatever is still pending runs in the incoming vcpu's exit path.
     */
    public void run(int cpu, IntPredicate abandoned) {
        int word;
        while ((word = pending[cpu]) != 0) {
            int number = Integer.numberOfTrailingZeros(word);
            pending[cpu] = word & ~(1 << number);
            Handler handler = handlers[number];
            if (handler == null) {
                throw new IllegalStateException(Softirq.ofNumber(number) + " raised but never opened");
            }
            handler.run(cpu);
            if (abandoned.test(cpu)) {
                return;
            }
        }
    }
}
