package dev.xenolith.hypervisor;

import static dev.xenolith.hypervisor.XenTestMachine.domain;
import static dev.xenolith.hypervisor.XenTestMachine.domains;
import static org.assertj.core.api.Assertions.assertThat;

import dev.xenolith.hypervisor.sched.credit.CreditScheduler;
import dev.xenolith.machine.time.Picos;
import org.junit.jupiter.api.Test;

/**
 * Credit arms per-CPU timers in {@code init}, so the application processors' idle loops run the timer softirq
 * as soon as they start: it must be open before {@code smp_boot_cpus}.
 */
final class ManyCpusBootTest {

    @Test
    void creditOnFourCpusBootsAndRunsEveryDomain() {
        SpinGuest[] guests = new SpinGuest[4];
        for (int i = 0; i < guests.length; i++) {
            guests[i] = new SpinGuest(1_000_000, 0);
        }
        XenTestMachine pc = new XenTestMachine(4, new CreditScheduler(), true, domains(domain("a", guests[0]),
                domain("b", guests[1]), domain("c", guests[2]), domain("d", guests[3])));
        pc.machine.runUntil(Picos.ofMillis(150));

        assertThat(pc.console.toString()).contains("(XEN) Total of 4 processors activated.");
        for (SpinGuest guest : guests) {
            assertThat(guest.cyclesDone).isPositive();
        }
    }
}
