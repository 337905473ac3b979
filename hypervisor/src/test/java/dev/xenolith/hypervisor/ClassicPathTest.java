package dev.xenolith.hypervisor;

import static dev.xenolith.hypervisor.XenTestMachine.domain;
import static dev.xenolith.hypervisor.XenTestMachine.domains;
import static org.assertj.core.api.Assertions.assertThat;

import dev.xenolith.machine.time.Picos;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The classic Xen 2.0 walkthrough, asserted from the recorded trace: on one physical CPU with two
 * CPU-bound domains, the APIC one-shot programmed for {@code s_timer} fires, and the interrupt becomes a
 * switch to the other domain through the softirqs on the exit path.
 */
final class ClassicPathTest {
    private static final long SLICE = Picos.ofMillis(10) / 1000;

    @Test
    void apicTimerInterrupt_becomesAContextSwitch_throughTheExitPath() {
        SpinGuest a = new SpinGuest(1_000_000, 0);
        SpinGuest b = new SpinGuest(1_000_000, 0);
        XenTestMachine pc = new XenTestMachine(1, new TestScheduler(SLICE), true,
                domains(domain("a", a), domain("b", b)));
        pc.machine.runUntil(Picos.ofMillis(300));

        assertThat(pc.console.toString())
                .contains("(XEN) Xen version 2.0.4 (xenolith)\n")
                .contains("(XEN) Using scheduler: Test round robin (test)\n")
                .contains("(XEN) Domain 1 (a) created: 1 vcpu\n")
                .contains("(XEN) Domain 2 (b) created: 1 vcpu\n");

        int start = pc.trace.indexOf(0, ">context_switch", 0);
        int at = pc.trace.indexOf(0, ">apic_timer_interrupt", pc.trace.records.get(start).time() + 1);
        List<String> path = pc.trace.calls(0, at);
        int end = path.indexOf(">context_switch");
        assertThat(path.subList(0, end + 1)).containsSubsequence(
                ">apic_timer_interrupt",
                ">smp_apic_timer_interrupt",
                ">ack_APIC_irq",
                "!softirq_raise vec=0 [action=AC_TIMER_SOFTIRQ] cpu=0",
                ">ret_from_intr",
                ">test_all_events",
                ">process_softirqs",
                ">do_softirq",
                ">ac_timer_softirq_action",
                ">s_timer_fn",
                "!softirq_raise vec=1 [action=SCHEDULE_SOFTIRQ] cpu=0",
                ">reprogram_ac_timer",
                ">__enter_scheduler",
                ">rem_ac_timer",
                ">add_ac_timer",
                ">context_switch");
        assertThat(path.subList(end, path.size())).containsSubsequence(
                ">context_switch", "!xen_sched_switch prev=d1v0 prev_state=runnable ==> next=d2v0",
                ">send_guest_virq", ">schedule_tail", ">test_all_events", ">create_bounce_frame",
                ">restore_all_guest");
        assertThat(a.cyclesDone).isPositive();
        assertThat(b.cyclesDone).isPositive();
        assertThat(a.timerEvents).isPositive();
    }

    @Test
    void withoutApicTimer_thePitsTimerInterruptRaisesTheTimerSoftirq() {
        SpinGuest a = new SpinGuest(1_000_000, 0);
        SpinGuest b = new SpinGuest(1_000_000, 0);
        XenTestMachine pc = new XenTestMachine(1, new TestScheduler(SLICE), false,
                domains(domain("a", a), domain("b", b)));
        pc.machine.runUntil(Picos.ofMillis(300));

        assertThat(pc.console.toString()).contains("No local APIC timer: ac_timers run from the PIT's 100 Hz tick");
        assertThat(pc.xen.apicTimerInterrupts(0)).isZero();
        int start = pc.trace.indexOf(0, ">context_switch", 0);
        int at = pc.trace.indexOf(0, ">timer_interrupt", pc.trace.records.get(start).time() + 1);
        List<String> path = pc.trace.calls(0, at);
        assertThat(path.subList(0, path.indexOf(">ac_timer_softirq_action") + 1)).containsSubsequence(
                ">timer_interrupt",
                "!softirq_raise vec=0 [action=AC_TIMER_SOFTIRQ] cpu=0",
                ">ret_from_intr",
                ">test_all_events",
                ">do_softirq",
                ">ac_timer_softirq_action");
        assertThat(path).contains(">context_switch");
        assertThat(a.cyclesDone).isPositive();
        assertThat(b.cyclesDone).isPositive();
    }

    @Test
    void blockedGuest_isWokenByItsTimerEvent_andTheIdleCpuHalts() {
        SpinGuest sleeper = new SpinGuest(200_000, 5_000_000); // 100 us of work, then block for 5 ms
        XenTestMachine pc = new XenTestMachine(1, new TestScheduler(SLICE), true, domains(domain("io", sleeper)));
        pc.machine.runUntil(Picos.ofMillis(100));
        long busyBefore = sleeper.cyclesDone;
        long haltedBefore = pc.machine.cpu(0).haltedPicos();
        pc.machine.runUntil(Picos.ofMillis(600));

        // about 5.1 ms per round: 100 us of work and 5 ms asleep, woken each time by VIRQ_TIMER
        long rounds = (sleeper.cyclesDone - busyBefore) / 200_000;
        assertThat(rounds).isBetween(90L, 100L);
        assertThat(sleeper.timerEvents).isGreaterThanOrEqualTo((int) rounds);
        double halted = (pc.machine.cpu(0).haltedPicos() - haltedBefore) / (double) Picos.ofMillis(500);
        assertThat(halted).as("fraction of time the CPU is halted").isGreaterThan(0.9);
        assertThat(pc.trace.calls(0, 0)).contains(">do_block", "!xen_sched_switch prev=d1v0 prev_state=blocked ==> next=idle0");
    }

    @Test
    void fourCpus_allComeOnline_andEachRunsItsOwnScheduler() {
        SpinGuest[] guests = new SpinGuest[4];
        for (int i = 0; i < guests.length; i++) {
            guests[i] = new SpinGuest(1_000_000, 0);
        }
        XenTestMachine pc = new XenTestMachine(4, new TestScheduler(SLICE), true, domains(domain("a", guests[0]),
                domain("b", guests[1]), domain("c", guests[2]), domain("d", guests[3])));
        pc.machine.runUntil(Picos.ofMillis(200));

        assertThat(pc.console.toString()).contains("(XEN) Booting processor 3/3").contains("Total of 4 processors activated.");
        for (int cpu = 0; cpu < 4; cpu++) {
            assertThat(pc.xen.apicTimerInterrupts(cpu)).as("APIC timer interrupts on cpu%d", cpu).isPositive();
            assertThat(guests[cpu].cyclesDone).as("guest %d ran", cpu).isPositive();
        }
    }
}
