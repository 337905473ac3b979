package dev.xenolith.hypervisor;

import dev.xenolith.hypervisor.abi.GuestContext;
import dev.xenolith.hypervisor.abi.Hypercall;
import dev.xenolith.hypervisor.abi.PvKernel;
import dev.xenolith.hypervisor.abi.SharedInfo;
import dev.xenolith.hypervisor.abi.StartInfo;
import dev.xenolith.hypervisor.abi.VcpuInfo;
import dev.xenolith.hypervisor.abi.Virq;
import dev.xenolith.machine.cpu.Cpu;

/**
 * A minimal PV guest for hypervisor tests: it registers its event callback, binds VIRQ_TIMER, and then
 * computes in user mode forever (optionally blocking with a timeout after each burst). Its upcall
 * acknowledges every pending port and counts the timer events it saw.
 */
final class SpinGuest implements PvKernel {
    private final long burstCycles;
    private final long blockNs;
    int timerEvents;
    long cyclesDone;
    /** Ask Xen for no periodic tick at boot, as a tickless guest does ({@code VCPUOP_stop_periodic_timer}). */
    boolean stopPeriodicTimer;

    /** @param blockNs 0: compute forever; else block for this long after each burst */
    SpinGuest(long burstCycles, long blockNs) {
        this.burstCycles = burstCycles;
        this.blockNs = blockNs;
    }

    @Override
    public GuestContext start(StartInfo info, int vcpu) {
        return new GuestContext() {
            private boolean booted;
            private boolean setTimerNext;
            private boolean blockNext;
            private long span;
            private int timerPort;

            @Override
            public void resume(Cpu cpu) {
                if (!booted) {
                    booted = true;
                    info.hypercalls().setCallbacks(cpu, c -> upcall(c, info.sharedInfo(), vcpu, timerPort));
                    info.sharedInfo().vcpu(vcpu).setUpcallMask(false);
                    timerPort = (int) info.hypercalls().bindVirq(cpu, Virq.TIMER, vcpu);
                    if (stopPeriodicTimer) {
                        info.hypercalls().vcpuOp(cpu, Hypercall.VCPUOP_STOP_PERIODIC_TIMER, 0, 0);
                    }
                }
                if (setTimerNext) {
                    setTimerNext = false;
                    blockNext = true;
                    long now = info.sharedInfo().vcpu(vcpu).time().systemTime();
                    info.hypercalls().setTimerOp(cpu, now + blockNs);
                    if (info.hypercalls().switchedAway(cpu)) {
                        return; // go on from here when the vcpu runs again
                    }
                }
                if (blockNext) {
                    blockNext = false;
                    info.hypercalls().schedOp(cpu, Hypercall.SCHEDOP_BLOCK, 0);
                    return; // blocked, or an event was already pending: resume decides
                }
                if (span == 0) {
                    span = burstCycles;
                }
                cpu.work(span, 3);
            }

            @Override
            public void workStopped(Cpu cpu, long remainingCycles) {
                cyclesDone += span - remainingCycles;
                span = remainingCycles;
                setTimerNext = remainingCycles == 0 && blockNs > 0;
            }
        };
    }

    private void upcall(Cpu cpu, SharedInfo shared, int vcpuId, int timerPort) {
        VcpuInfo me = shared.vcpu(vcpuId);
        while (me.upcallPending()) {
            me.setUpcallPending(false);
            int selector = me.takePendingSel();
            for (int word = 0; word < 32; word++) {
                int bits = (selector & 1 << word) == 0 ? 0 : shared.pendingWord(word) & ~shared.maskWord(word);
                for (int bit = 0; bit < 32; bit++) {
                    if ((bits & 1 << bit) != 0) {
                        shared.clearPending(word * 32 + bit);
                        if (word * 32 + bit == timerPort) {
                            timerEvents++;
                        }
                    }
                }
            }
        }
        me.setUpcallMask(false);
        cpu.charge(200);
    }
}
