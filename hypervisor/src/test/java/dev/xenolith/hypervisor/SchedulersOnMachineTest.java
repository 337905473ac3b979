package dev.xenolith.hypervisor;

import static dev.xenolith.hypervisor.XenTestMachine.domain;
import static dev.xenolith.hypervisor.XenTestMachine.domains;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.xenolith.hypervisor.sched.bvt.BvtScheduler;
import dev.xenolith.hypervisor.sched.credit.CreditScheduler;
import dev.xenolith.machine.time.Picos;
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
}
