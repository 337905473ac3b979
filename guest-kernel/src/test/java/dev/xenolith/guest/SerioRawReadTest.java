package dev.xenolith.guest;

import static dev.xenolith.guest.NativeMachine.BOOTED;
import static org.assertj.core.api.Assertions.assertThat;

import dev.xenolith.guest.sched.Task;
import dev.xenolith.guest.task.Op;
import dev.xenolith.guest.task.Policy;
import dev.xenolith.guest.time.TimerList;
import dev.xenolith.guest.wait.WaitEvent;
import dev.xenolith.machine.cost.CostModel;
import dev.xenolith.machine.time.Picos;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Reading serio_raw (linux.md §7.1, §9.11, §6): the 64-byte ring holds 63 and drops the rest, and a signal
 * ends a read blocked in {@code wait_event_interruptible} with -ERESTARTSYS once {@code signal_wake_up} has
 * woken the reader. Times count from {@link NativeMachine#BOOTED}, when the reader has been forked.
 */
class SerioRawReadTest {
    private static final long MS = Picos.PER_MILLISECOND;

    private static NativeMachine boot(List<Op> program) {
        TaskConfig reader = new TaskConfig("reader", Policy.NORMAL, 0, 0, List.of(), 0, program);
        return new NativeMachine(1, KernelConfig.periodic(List.of(reader)), CostModel.defaults(), null);
    }

    /**
     * 70 bytes, one a millisecond, while the reader sleeps: the ring keeps the first 63 and drops 7, waking
     * nobody. The read then gets the 63 at once; the next read blocks on the empty ring until a new byte,
     * which the drained ring accepts.
     */
    @Test
    void seventyBytesWithoutAReaderLeaveSixtyThreeToRead() {
        NativeMachine m = boot(List.of(new Op.Sleep(200 * MS), new Op.Read("serio_raw", 100),
                new Op.Read("serio_raw", 100), new Op.Loop(Op.Loop.FOREVER)));
        for (int i = 0; i < 70; i++) {
            m.keyboard(BOOTED + (50 + i) * MS, (byte) i);
        }
        m.runUntil(BOOTED + 250 * MS);
        Task reader = m.linux.tasks().get(0);

        assertThat(m.linux.serioRawDropped()).isEqualTo(7);
        assertThat(m.linux.lastSyscallResult(reader)).isEqualTo(63);
        assertThat(reader.state()).isEqualTo(Task.TASK_INTERRUPTIBLE);

        m.keyboard(BOOTED + 260 * MS, (byte) 0x55);
        m.runUntil(BOOTED + 270 * MS);
        assertThat(m.linux.lastSyscallResult(reader)).isEqualTo(1);
        assertThat(m.linux.serioRawDropped()).isEqualTo(7);
    }

    /**
     * The reader blocks on the empty ring. Marking a signal pending wakes nobody (TIF_SIGPENDING alone, as in
     * the kernel); {@code signal_wake_up}, run here from a kernel timer in CPU 0's timer softirq, wakes the
     * reader, whose wait loop sees the signal: the read returns -ERESTARTSYS. The signal is dealt with on the
     * way back to user mode, so the next read blocks again and returns the next byte.
     */
    @Test
    void aSignalEndsABlockedReadWithErestartsys() {
        NativeMachine m = boot(List.of(new Op.Read("serio_raw", 10), new Op.Read("serio_raw", 10),
                new Op.Loop(Op.Loop.FOREVER)));
        m.runUntil(BOOTED + 100 * MS);
        Task reader = m.linux.tasks().get(0);
        assertThat(reader.state()).isEqualTo(Task.TASK_INTERRUPTIBLE);
        long before = m.linux.lastSyscallResult(reader);

        reader.raiseSignal();
        m.runUntil(BOOTED + 150 * MS);
        assertThat(reader.state()).isEqualTo(Task.TASK_INTERRUPTIBLE);
        assertThat(m.linux.lastSyscallResult(reader)).isEqualTo(before);

        TimerList kill = new TimerList(m.linux.wheels[0],
                t -> m.linux.scheduler().signalWakeUp(m.linux.runningCpu(), reader));
        m.linux.wheels[0].modTimer(kill, m.linux.jiffies() + 1);
        m.runUntil(BOOTED + 200 * MS);
        assertThat(m.linux.lastSyscallResult(reader)).isEqualTo(WaitEvent.ERESTARTSYS);
        assertThat(reader.signalPending()).isFalse();
        assertThat(reader.state()).isEqualTo(Task.TASK_INTERRUPTIBLE);

        m.keyboard(BOOTED + 210 * MS, (byte) 0x1c);
        m.runUntil(BOOTED + 250 * MS);
        assertThat(m.linux.lastSyscallResult(reader)).isEqualTo(1);
    }
}
