package dev.xenolith.hypervisor;

import static dev.xenolith.hypervisor.XenTestMachine.domain;
import static dev.xenolith.hypervisor.XenTestMachine.domains;
import static org.assertj.core.api.Assertions.assertThat;

import dev.xenolith.hypervisor.abi.GuestContext;
import dev.xenolith.hypervisor.abi.Hypercall;
import dev.xenolith.hypervisor.abi.PvKernel;
import dev.xenolith.hypervisor.abi.StartInfo;
import dev.xenolith.hypervisor.sched.rrobin.RoundRobinScheduler;
import dev.xenolith.machine.cpu.Cpu;
import dev.xenolith.machine.time.Picos;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** {@code console_io}, {@code sched_op(yield)} and {@code sched_op(shutdown)} as a guest uses them. */
final class HypercallTest {
    private final List<String> ran = new ArrayList<>();

    /** Prints a line, then computes 100 us and yields, {@code rounds} times, then shuts its domain down. */
    private final class YieldingGuest implements PvKernel {
        private final String name;
        private final int rounds;

        YieldingGuest(String name, int rounds) {
            this.name = name;
            this.rounds = rounds;
        }

        @Override
        public GuestContext start(StartInfo info, int vcpu) {
            return new GuestContext() {
                private int round = -1;
                private boolean yieldNext;
                private long remaining;

                @Override
                public void resume(Cpu cpu) {
                    if (round < 0) {
                        round = 0;
                        info.hypercalls().consoleWrite(cpu, "hello from " + name + "\n");
                        if (info.hypercalls().switchedAway(cpu)) {
                            return;
                        }
                    }
                    if (yieldNext) {
                        yieldNext = false;
                        if (++round == rounds) {
                            info.hypercalls().schedOp(cpu, Hypercall.SCHEDOP_SHUTDOWN, 0);
                            return;
                        }
                        info.hypercalls().schedOp(cpu, Hypercall.SCHEDOP_YIELD, 0);
                        return;
                    }
                    if (remaining == 0) {
                        ran.add(name);
                        remaining = 200_000;
                    }
                    cpu.work(remaining, 3); // a round's work, or what an interrupt left of it
                }

                @Override
                public void workStopped(Cpu cpu, long remainingCycles) {
                    remaining = remainingCycles;
                    yieldNext = remainingCycles == 0;
                }
            };
        }
    }

    @Test
    void yieldingDomainsAlternate_printThroughXensConsole_andShutDown() {
        XenTestMachine pc = new XenTestMachine(1, new RoundRobinScheduler(), true, domains(
                domain("ping", new YieldingGuest("ping", 5)), domain("pong", new YieldingGuest("pong", 5))));
        pc.machine.runUntil(Picos.ofMillis(200));

        assertThat(pc.console.toString())
                .contains("(d1) hello from ping\n")
                .contains("(d2) hello from pong\n")
                .contains("(XEN) Domain 1 (ping) shut down, reason 0\n")
                .contains("(XEN) Domain 2 (pong) shut down, reason 0\n");
        // rr_wake queues at the head, so pong (woken last at boot) runs first; each yield then hands the
        // CPU to the other domain: strict alternation
        assertThat(ran).containsExactly("pong", "ping", "pong", "ping", "pong", "ping", "pong", "ping", "pong", "ping");
        assertThat(pc.xen.current(0).isIdle()).as("both shut down: the CPU idles").isTrue();
        assertThat(pc.machine.cpu(0).state()).isEqualTo(dev.xenolith.machine.cpu.Cpu.State.HALTED);
    }
}
