package dev.xenolith.guest;

import static org.assertj.core.api.Assertions.assertThat;

import dev.xenolith.guest.task.Op;
import dev.xenolith.guest.task.Policy;
import dev.xenolith.guest.task.Work;
import dev.xenolith.machine.cost.CostModel;
import dev.xenolith.machine.time.Picos;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The 2.6.25 wait-and-wake walkthrough (DESIGN §3.1): A (SCHED_FIFO) blocks reading serio_raw, B (CFS) runs,
 * a byte on the i8042 wakes A, which preempts B on the interrupt's return path and gets the byte.
 */
class WaitAndWakeWalkthroughTest {
    private static final long MS = Picos.PER_MILLISECOND;
    private static final long BYTE_AT = 200 * MS + 123_456_789L;

    private static NativeMachine boot(Op bStep, TraceLog log) {
        TaskConfig reader = new TaskConfig("A", Policy.FIFO, 50, 0, List.of(), 0,
                List.of(new Op.Read("serio_raw", 1), new Op.Loop(Op.Loop.FOREVER)));
        TaskConfig worker = new TaskConfig("B", Policy.NORMAL, 0, 0, List.of(), 0,
                List.of(bStep, new Op.Loop(Op.Loop.FOREVER)));
        NativeMachine m = new NativeMachine(1, KernelConfig.periodic(List.of(reader, worker)), CostModel.defaults(), log);
        m.keyboard(BYTE_AT, (byte) 0x1c);
        m.runUntil(240 * MS);
        return m;
    }

    @Test
    void aBlocksInReadThenTheInterruptWakesItAndPreemptsBInsideASystemCall() {
        TraceLog log = new TraceLog();
        NativeMachine m = boot(new Op.Kernel(Work.picos(5 * MS)), log);

        List<String> blocking = log.on(0, 0);
        assertThat(TraceLog.matchInOrder(blocking, List.of(">sys_read", ">serio_raw_read", ">prepare_to_wait",
                ">schedule", ">deactivate_task", ">pick_next_task", ">context_switch", "!sched_switch prev_comm=A",
                ">switch_to"))).isPositive();

        List<String> wake = log.on(0, BYTE_AT);
        assertThat(TraceLog.matchInOrder(wake, List.of(">common_interrupt", ">irq_enter", ">do_IRQ",
                ">handle_level_irq", ">mask_and_ack_8259A", ">handle_IRQ_event", ">i8042_interrupt",
                ">serio_interrupt", ">serio_raw_interrupt", ">__wake_up", ">__wake_up_common",
                ">autoremove_wake_function", ">default_wake_function", ">try_to_wake_up", ">activate_task",
                // the running task's class judges the wakee: B is CFS, so check_preempt_wakeup, which
                // reschedules at once for a real-time wakee (sched_fair.c in 2.6.25)
                ">enqueue_task", ">enqueue_task_rt", ">check_preempt_curr", ">check_preempt_wakeup", ">resched_task",
                ">irq_exit", ">ret_from_intr", ">resume_kernel", ">preempt_schedule_irq", ">schedule",
                ">pick_next_task", ">pick_next_task_rt", ">context_switch", "!sched_switch prev_comm=B",
                ">switch_to", ">finish_task_switch", ">sys_read", ">serio_raw_read", ">prepare_to_wait",
                ">finish_wait", ">syscall_exit"))).isPositive();
        assertThat(wake).doesNotContain(">resume_userspace", ">work_resched");
        assertThat(m.linux.lastSyscallResult(m.linux.tasks().get(0))).isEqualTo(1);
    }

    @Test
    void withBInUserModeTheWakeUpPreemptsThroughResumeUserspace() {
        TraceLog log = new TraceLog();
        boot(Op.Compute.of(Work.picos(5 * MS)), log);

        List<String> wake = log.on(0, BYTE_AT);
        assertThat(TraceLog.matchInOrder(wake, List.of(">common_interrupt", ">do_IRQ", ">serio_raw_interrupt",
                ">try_to_wake_up", ">resched_task", ">irq_exit", ">ret_from_intr", ">resume_userspace",
                ">work_pending", ">work_resched", ">schedule", ">context_switch", "!sched_switch prev_comm=B",
                ">finish_task_switch", ">serio_raw_read", ">finish_wait"))).isPositive();
        assertThat(wake.subList(0, wake.indexOf(">finish_task_switch"))).doesNotContain(">preempt_schedule_irq");
    }
}
