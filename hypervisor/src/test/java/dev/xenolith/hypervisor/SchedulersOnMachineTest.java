package dev.xenolith.hypervisor;

import static dev.xenolith.hypervisor.XenTestMachine.domain;
import static dev.xenolith.hypervisor.XenTestMachine.domains;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.xenolith.hypervisor.sched.bvt.BvtScheduler;
import dev.xenolith.hypervisor.sched.credit.CreditScheduler;
import dev.xenolith.hypervisor.sched.rrobin.RoundRobinScheduler;
import dev.xenolith.machine.time.Picos;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The schedulers' headline figures on the whole machine: real APIC one-shots, the exit path, the default
 * costs, CPU-bound guests computing in 0.5 ms bursts. Shares are measured over 10 simulated seconds after
 * the boot has settled.
 */
final class SchedulersOnMachineTest {
    private static final long BURST = 1_000_000; // cycles: 0.5 ms at 2 GHz

    @Test
    void credit_weights256And512_shareOneToTwo() {
        SpinGuest light = new SpinGuest(BURST, 0);
        SpinGuest heavy = new SpinGuest(BURST, 0);
        XenTestMachine pc = new XenTestMachine(1, new CreditScheduler(), true, domains(
                domain("light", light, Map.of("weight", 256L)), domain("heavy", heavy, Map.of("weight", 512L))));
        pc.machine.runUntil(Picos.ofSeconds(1));
        long lightBefore = light.cyclesDone;
        long heavyBefore = heavy.cyclesDone;
        pc.machine.runUntil(Picos.ofSeconds(11));

        double ratio = (double) (heavy.cyclesDone - heavyBefore) / (light.cyclesDone - lightBefore);
        assertThat(ratio).as("heavy : light").isCloseTo(2.0, within(0.04));
        // the plug-in's timers run under their own symbols, from ac_timer_softirq_action
        assertThat(pc.trace.calls(0, 0)).contains(">csched_tick", ">csched_acct", ">csched_schedule");
    }

    @Test
    void credit_capOf25_holdsACpuHogToAQuarterOfTheCpu() {
        SpinGuest hog = new SpinGuest(BURST, 0);
        XenTestMachine pc = new XenTestMachine(1, new CreditScheduler(), true,
                domains(domain("hog", hog, Map.of("cap", 25L))));
        pc.machine.runUntil(Picos.ofSeconds(1));
        long before = hog.cyclesDone;
        pc.machine.runUntil(Picos.ofSeconds(11));

        double share = (hog.cyclesDone - before) / (2e9 * 10);
        assertThat(share).as("CPU share of the capped hog").isCloseTo(0.25, within(0.01));
    }

    @Test
    void bvt_equalWeights_shareEqually() {
        SpinGuest a = new SpinGuest(BURST, 0);
        SpinGuest b = new SpinGuest(BURST, 0);
        XenTestMachine pc = new XenTestMachine(1, new BvtScheduler(), true, domains(domain("a", a), domain("b", b)));
        pc.machine.runUntil(Picos.ofSeconds(1));
        long aBefore = a.cyclesDone;
        long bBefore = b.cyclesDone;
        pc.machine.runUntil(Picos.ofSeconds(11));

        double ratio = (double) (a.cyclesDone - aBefore) / (b.cyclesDone - bBefore);
        assertThat(ratio).isCloseTo(1.0, within(0.02));
    }

    @Test
    void rrobin_everySliceEqualsTheConfiguredSlice() {
        XenTestMachine pc = new XenTestMachine(1, new RoundRobinScheduler(), true, domains(
                domain("a", new SpinGuest(BURST, 0)), domain("b", new SpinGuest(BURST, 0))));
        pc.machine.runUntil(Picos.ofMillis(500));

        List<Long> switches = pc.trace.records.stream()
                .filter(e -> e.what().startsWith("!xen_sched_switch prev=d")).map(RecordingSink.Entry::time).toList();
        assertThat(switches).hasSizeGreaterThan(40);
        for (int i = 1; i < switches.size(); i++) {
            // the slice runs from one __enter_scheduler to the next: 10 ms plus the interrupt's entry path
            assertThat(switches.get(i) - switches.get(i - 1)).as("slice %d", i)
                    .isBetween(Picos.ofMillis(10), Picos.ofMillis(10) + Picos.ofMicros(20));
        }
    }

    @Test
    void credit_wokenIoDomainIsBoostedAndRunsWithin1500usWhileTwoOthersSpin() {
        SpinGuest io = new SpinGuest(200_000, 5_000_000); // 100 us of work, then 5 ms asleep
        XenTestMachine pc = new XenTestMachine(1, new CreditScheduler(), true, domains(
                domain("hog1", new SpinGuest(BURST, 0)), domain("hog2", new SpinGuest(BURST, 0)), domain("io", io)));
        pc.machine.runUntil(Picos.ofSeconds(2));

        List<Long> latencies = new ArrayList<>();
        long wokenAt = -1;
        for (RecordingSink.Entry e : pc.trace.records) {
            if (e.time() < Picos.ofMillis(200)) {
                continue;
            }
            if (e.what().equals(">dom_timer_fn")) { // only the blocked io domain sets a timeout
                wokenAt = e.time();
            } else if (e.what().endsWith("==> next=d3v0") && wokenAt >= 0) {
                latencies.add(e.time() - wokenAt);
                wokenAt = -1;
            }
        }
        assertThat(latencies).hasSizeGreaterThan(300);
        assertThat(latencies).allSatisfy(l -> assertThat(l).isLessThanOrEqualTo(Picos.ofMicros(1500)));
    }

    @Test
    void credit_onTwoCpus_stealingKeepsBothBusyWithThreeVcpus() {
        XenTestMachine pc = new XenTestMachine(2, new CreditScheduler(), true, domains(
                domain("a", new SpinGuest(BURST, 0)), domain("b", new SpinGuest(BURST, 0)),
                domain("c", new SpinGuest(BURST, 0))));
        pc.machine.runUntil(Picos.ofSeconds(1));
        long halted0 = pc.machine.cpu(0).haltedPicos();
        long halted1 = pc.machine.cpu(1).haltedPicos();
        pc.machine.runUntil(Picos.ofSeconds(3));

        assertThat(pc.machine.cpu(0).haltedPicos() - halted0).as("cpu0 halted").isLessThan(Picos.ofMillis(20));
        assertThat(pc.machine.cpu(1).haltedPicos() - halted1).as("cpu1 halted").isLessThan(Picos.ofMillis(20));
    }
}
