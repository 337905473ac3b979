package dev.xenolith.hypervisor;

import static dev.xenolith.hypervisor.XenTestMachine.domain;
import static dev.xenolith.hypervisor.XenTestMachine.domains;
import static org.assertj.core.api.Assertions.assertThat;

import dev.xenolith.hypervisor.sched.rrobin.RoundRobinScheduler;
import dev.xenolith.machine.time.Picos;
import org.junit.jupiter.api.Test;

/** The running domain's 10 ms tick ({@code t_timer}), and {@code VCPUOP_stop_periodic_timer} ending it. */
final class PeriodicTimerTest {

    @Test
    void aVcpuGetsVirqTimerEvery10msUntilItStopsItsPeriodicTimer() {
        SpinGuest ticking = new SpinGuest(1_000_000, 0);
        SpinGuest tickless = new SpinGuest(1_000_000, 0);
        tickless.stopPeriodicTimer = true;
        XenTestMachine one = new XenTestMachine(1, new RoundRobinScheduler(), true, domains(domain("a", ticking)));
        XenTestMachine two = new XenTestMachine(1, new RoundRobinScheduler(), true, domains(domain("b", tickless)));
        one.machine.runUntil(Picos.ofMillis(500));
        two.machine.runUntil(Picos.ofMillis(500));

        assertThat(ticking.timerEvents).isBetween(45, 50);
        assertThat(tickless.timerEvents).isZero();
    }
}
