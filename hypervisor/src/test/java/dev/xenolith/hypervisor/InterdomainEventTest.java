package dev.xenolith.hypervisor;

import static dev.xenolith.hypervisor.XenTestMachine.domain;
import static dev.xenolith.hypervisor.XenTestMachine.domains;
import static org.assertj.core.api.Assertions.assertThat;

import dev.xenolith.hypervisor.abi.GuestContext;
import dev.xenolith.hypervisor.abi.Hypercall;
import dev.xenolith.hypervisor.abi.PvKernel;
import dev.xenolith.hypervisor.abi.SharedInfo;
import dev.xenolith.hypervisor.abi.StartInfo;
import dev.xenolith.hypervisor.sched.credit.CreditScheduler;
import dev.xenolith.machine.cpu.Cpu;
import dev.xenolith.machine.time.Picos;
import org.junit.jupiter.api.Test;

/**
 * An inter-domain event channel: domain 1 offers a port to domain 2 ({@code alloc_unbound}), domain 2
 * binds to it ({@code bind_interdomain}) and notifies every millisecond; domain 1 sleeps blocked and is
 * woken by each event.
 */
final class InterdomainEventTest {
    private int offeredPort;
    private int notifications;
    private int received;

    /** Domain 1: offer the port, then block; count what arrives on it. */
    private final class Listener implements PvKernel {
        @Override
        public GuestContext start(StartInfo info, int vcpu) {
            return new GuestContext() {
                private boolean booted;

                @Override
                public void resume(Cpu cpu) {
                    if (!booted) {
                        booted = true;
                        info.hypercalls().setCallbacks(cpu, c -> upcall(info.sharedInfo()));
                        info.sharedInfo().vcpu(0).setUpcallMask(false);
                        offeredPort = (int) info.hypercalls().allocUnbound(cpu, 2);
                        if (info.hypercalls().switchedAway(cpu)) {
                            return;
                        }
                    }
                    info.hypercalls().schedOp(cpu, Hypercall.SCHEDOP_BLOCK, 0);
                }

                @Override
                public void workStopped(Cpu cpu, long remainingCycles) {
                }
            };
        }

        private void upcall(SharedInfo shared) {
            shared.vcpu(0).setUpcallPending(false);
            shared.vcpu(0).takePendingSel();
            if (shared.isPending(offeredPort)) {
                shared.clearPending(offeredPort);
                received++;
            }
            shared.vcpu(0).setUpcallMask(false);
        }
    }

    /** Domain 2: bind to the offered port, then compute 1 ms and notify, forever. */
    private final class Notifier implements PvKernel {
        @Override
        public GuestContext start(StartInfo info, int vcpu) {
            return new GuestContext() {
                private int port;
                private boolean notifyNext;

                @Override
                public void resume(Cpu cpu) {
                    if (port <= 0) {
                        // the listener may not have offered its port yet (a real guest would read it from
                        // xenstore): try, and wait a little before trying again
                        info.hypercalls().setCallbacks(cpu, c -> info.sharedInfo().vcpu(0).setUpcallMask(false));
                        info.sharedInfo().vcpu(0).setUpcallMask(false);
                        port = (int) info.hypercalls().bindInterdomain(cpu, 1, offeredPort);
                        if (info.hypercalls().switchedAway(cpu)) {
                            return;
                        }
                        if (port <= 0) {
                            cpu.work(100_000, 1);
                            return;
                        }
                    }
                    if (notifyNext) {
                        notifyNext = false;
                        notifications++;
                        info.hypercalls().send(cpu, port);
                        if (info.hypercalls().switchedAway(cpu)) {
                            return;
                        }
                    }
                    cpu.work(2_000_000, 3);
                }

                @Override
                public void workStopped(Cpu cpu, long remainingCycles) {
                    notifyNext = remainingCycles == 0 && port > 0;
                }
            };
        }
    }

    @Test
    void eventsSentOnABoundPair_wakeTheOtherDomainEachTime() {
        XenTestMachine pc = new XenTestMachine(2, new CreditScheduler(), true,
                domains(domain("listener", new Listener()), domain("notifier", new Notifier())));
        pc.machine.runUntil(Picos.ofMillis(300));

        assertThat(offeredPort).isPositive();
        assertThat(notifications).isGreaterThan(200);
        assertThat(received).as("events received of %d sent", notifications).isBetween(notifications - 1, notifications);
        assertThat(pc.trace.calls(0, 0).stream().filter(c -> c.contains("prev=d1v0 prev_state=blocked")).count()
                + pc.trace.calls(1, 0).stream().filter(c -> c.contains("prev=d1v0 prev_state=blocked")).count())
                .as("times the listener blocked").isGreaterThan(200);
    }
}
