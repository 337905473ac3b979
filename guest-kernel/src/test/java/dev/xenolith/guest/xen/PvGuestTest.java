package dev.xenolith.guest.xen;

import static org.assertj.core.api.Assertions.assertThat;

import dev.xenolith.guest.KernelConfig;
import dev.xenolith.guest.Linux;
import dev.xenolith.guest.TaskConfig;
import dev.xenolith.guest.TraceLog;
import dev.xenolith.guest.XenMachine;
import dev.xenolith.guest.sched.Task;
import dev.xenolith.guest.task.Op;
import dev.xenolith.guest.task.Policy;
import dev.xenolith.guest.task.Work;
import dev.xenolith.hypervisor.sched.credit.CreditScheduler;
import dev.xenolith.machine.time.Picos;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The guest kernel as a Xen PV guest: boot, nohz, idle blocking, shares across both schedulers, one trace. */
class PvGuestTest {
    private static final long MS = Picos.PER_MILLISECOND;
    private static final List<Op> HOG = List.of(Op.Compute.of(Work.picos(MS)), new Op.Loop(Op.Loop.FOREVER));

    private static KernelConfig kernel(boolean highres, TaskConfig... tasks) {
        return new KernelConfig(250, true, highres, true, 1, List.of(tasks));
    }

    private static TaskConfig sleeper(String name, long sleepMs) {
        return TaskConfig.normal(name, List.of(new Op.Sleep(sleepMs * MS), Op.Compute.of(Work.picos(MS / 2)),
                new Op.Loop(Op.Loop.FOREVER)));
    }

    @Test
    void twoGuestsWithTwoVcpusBootPrintThroughXenGoTicklessAndBlockSoThePhysicalCpusHalt() {
        XenMachine m = new XenMachine(2, new CreditScheduler(), null,
                new XenMachine.Guest("a", 2, Map.of(), kernel(false, sleeper("s1", 200), sleeper("s2", 300))),
                new XenMachine.Guest("b", 2, Map.of(), kernel(true, sleeper("s3", 250))));
        m.runUntil(Picos.PER_SECOND);
        long[] haltedBefore = {m.machine.cpu(0).haltedPicos(), m.machine.cpu(1).haltedPicos()};
        m.runUntil(3 * Picos.PER_SECOND);

        assertThat(m.console()).contains("(d1) Linux version 2.6.25-xenolith", "(d2) Linux version 2.6.25-xenolith",
                "(d1) Booting paravirtualized kernel on Xen, 2 CPUs", "(d1) Brought up 2 CPUs",
                "(d1) Switched to NOHz mode on CPU #0", "(d1) Switched to NOHz mode on CPU #1");
        assertThat(m.guests.get(1).consoleLog()).contains("Switched to high resolution mode on CPU 1");
        for (int cpu = 0; cpu < 2; cpu++) {
            long halted = m.machine.cpu(cpu).haltedPicos() - haltedBefore[cpu];
            assertThat(halted).as("cpu%d halted in 2 s", cpu).isGreaterThan(19 * Picos.PER_SECOND / 10);
        }
        for (Linux guest : m.guests) {
            for (int vcpu = 0; vcpu < 2; vcpu++) {
                assertThat(guest.timerList(vcpu).tickDevice()).isEqualTo("xen");
                assertThat(guest.timerList(vcpu).idleSleeps()).isPositive();
                // a tickless vcpu takes an event per timer, not HZ=250 a second
                assertThat(guest.localTimerInterrupts(vcpu)).isLessThan(250);
            }
        }
    }

    /**
     * One physical CPU, credit weights 256 and 512; inside the first domain, nice 0 against nice 5
     * (1024:335). A task's share of the machine is its domain's share (Xen's accounting of the vcpu) times its
     * share inside the guest (CFS's accounting of the task). The guest's own sums run a little fast under Xen:
     * 2.6.25's scheduler_tick moves the rq clock on by at least a tick per tick, even when the vcpu was
     * descheduled for most of it, so each factor is checked on its own scale.
     */
    @Test
    void guestCfsSharesAndXenCreditSharesHoldTogether() {
        TaskConfig nice0 = TaskConfig.normal("nice0", HOG);
        TaskConfig nice5 = new TaskConfig("nice5", Policy.NORMAL, 0, 5, List.of(), 0, HOG);
        XenMachine m = new XenMachine(1, new CreditScheduler(), null,
                new XenMachine.Guest("light", 1, Map.of("weight", 256L), kernel(true, nice0, nice5)),
                new XenMachine.Guest("heavy", 1, Map.of("weight", 512L), kernel(true, TaskConfig.normal("hog", HOG))));
        m.runUntil(Picos.PER_SECOND);
        long[] before = runtimes(m);
        long lightBefore = m.xen.domains().get(0).vcpus().get(0).cpuTime();
        long heavyBefore = m.xen.domains().get(1).vcpus().get(0).cpuTime();
        m.runUntil(11 * Picos.PER_SECOND);
        long[] after = runtimes(m);
        double lightShare = (m.xen.domains().get(0).vcpus().get(0).cpuTime() - lightBefore) / 10e9;
        double heavyShare = (m.xen.domains().get(1).vcpus().get(0).cpuTime() - heavyBefore) / 10e9;
        double nice0Inside = (double) (after[0] - before[0]) / (after[0] - before[0] + after[1] - before[1]);

        assertThat(lightShare).as("light domain").isCloseTo(1.0 / 3, within(0.01));
        assertThat(heavyShare).as("heavy domain").isCloseTo(2.0 / 3, within(0.01));
        assertThat(nice0Inside).as("nice0 inside its guest").isCloseTo(1024.0 / (1024 + 335), within(0.02));
        assertThat(lightShare * nice0Inside).as("nice0 of the machine")
                .isCloseTo(1.0 / 3 * 1024 / (1024 + 335), within(0.03 * 0.2512));
        assertThat(m.guests.get(0).stealTicks(0)).as("light's stolen ticks").isGreaterThan(600);
    }

    private static org.assertj.core.data.Offset<Double> within(double absolute) {
        return org.assertj.core.data.Offset.offset(absolute);
    }

    private static long[] runtimes(XenMachine m) {
        List<Task> light = m.guests.get(0).tasks();
        List<Task> heavy = m.guests.get(1).tasks();
        return new long[] {light.get(0).runtimeNs(), light.get(1).runtimeNs(), heavy.get(0).runtimeNs()};
    }

    /** From the physical APIC timer through Xen into the guest's tick and a guest context switch, in one trace. */
    @Test
    void aTimerInterruptGoesThroughBothLayersToAGuestSchedule() {
        TraceLog log = new TraceLog();
        XenMachine m = new XenMachine(1, new CreditScheduler(), log,
                new XenMachine.Guest("a", 1, Map.of(), kernel(false, TaskConfig.normal("x", HOG),
                        TaskConfig.normal("y", HOG))));
        m.runUntil(300 * MS);
        List<String> trace = log.on(0, 200 * MS);
        assertThat(TraceLog.matchInOrder(trace, List.of(">apic_timer_interrupt", ">smp_apic_timer_interrupt",
                "!softirq_raise vec=0 [action=AC_TIMER_SOFTIRQ]", ">ret_from_intr", ">test_all_events", ">do_softirq",
                ">ac_timer_softirq_action", ">dom_timer_fn", ">send_guest_virq", "!send_guest_virq vcpu=d1v0 virq=VIRQ_TIMER",
                ">create_bounce_frame", ">restore_all_guest", ">xen_hypervisor_callback", ">xen_evtchn_do_upcall",
                ">do_IRQ", ">handle_level_irq", ">xen_timer_interrupt", ">tick_nohz_handler", ">update_process_times",
                ">scheduler_tick", ">task_tick_fair", ">check_preempt_tick", ">resched_task", ">ret_from_intr",
                ">resume_userspace", ">work_resched", ">schedule", ">context_switch",
                "!sched_switch prev_comm=x"))).isPositive();
    }
}
