package dev.xenolith.guest.drivers;

import static dev.xenolith.guest.LinuxFunction.KILL_FASYNC;
import static dev.xenolith.guest.LinuxFunction.SERIO_RAW_INTERRUPT;
import static dev.xenolith.guest.LinuxFunction.SERIO_RAW_READ;

import dev.xenolith.guest.LinuxFunction;
import dev.xenolith.guest.sched.Sched;
import dev.xenolith.guest.wait.WaitQueueEntry;
import dev.xenolith.guest.wait.WaitQueueHead;
import dev.xenolith.machine.cpu.Cpu;
import dev.xenolith.machine.trace.Functions;
import java.util.function.BooleanSupplier;

/**
 * {@code drivers/input/serio/serio_raw.c}: the raw byte device bound to the i8042's keyboard port. Bytes
 * from the port's interrupt go into a 64-byte ring that holds 63 (full when the next head would meet the
 * tail); a byte that does not fit is dropped and wakes nobody. {@code read} blocks in
 * {@code wait_event_interruptible} until the ring has a byte, then copies what is there, up to the count.
 * Task programs only count the bytes they read, so the ring keeps its indices and not the bytes.
 */
public final class SerioRaw implements CharDevice {
    static final int QUEUE_LEN = 64;

    private final Functions<LinuxFunction> fn;
    private final Sched sched;
    private final WaitQueueHead wait;
    private int head;
    private int tail;
    private long dropped;
    private final BooleanSupplier notEmpty = () -> head != tail;

    public SerioRaw(Functions<LinuxFunction> fn, Sched sched) {
        this.fn = fn;
        this.sched = sched;
        this.wait = new WaitQueueHead(fn, sched);
    }

    @Override
    public String name() {
        return "serio_raw";
    }

    /** {@code serio_raw_interrupt}, from {@code serio_interrupt} in the i8042's hardirq. */
    void interrupt(Cpu cpu) {
        fn.enter(cpu, SERIO_RAW_INTERRUPT);
        int next = (head + 1) % QUEUE_LEN;
        if (next != tail) {
            head = next;
            fn.call(cpu, KILL_FASYNC);
            wait.wakeUpInterruptible(cpu);
        } else {
            dropped++;
        }
        fn.exit(cpu, SERIO_RAW_INTERRUPT);
    }

    @Override
    public int read(Cpu cpu, WaitQueueEntry waiter, int count, boolean resumed) {
        fn.enter(cpu, SERIO_RAW_READ);
        int copied = CharDevice.awaitData(cpu, sched, wait, waiter, notEmpty, resumed);
        while (copied >= 0 && copied < count && head != tail) {
            tail = (tail + 1) % QUEUE_LEN; // serio_raw_fetch_byte
            copied++;
        }
        fn.exit(cpu, SERIO_RAW_READ);
        return copied;
    }

    /** Writes to the keyboard port are not modelled (images cannot ask for them): {@code -EINVAL}. */
    @Override
    public int write(Cpu cpu, byte[] bytes) {
        return EINVAL;
    }

    /** Bytes in the ring. */
    public int queued() {
        return (head - tail + QUEUE_LEN) % QUEUE_LEN;
    }

    /** Bytes dropped because the ring was full. */
    public long dropped() {
        return dropped;
    }
}
