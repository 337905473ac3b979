package dev.xenolith.hypervisor;

import dev.xenolith.hypervisor.abi.EventCallback;
import dev.xenolith.hypervisor.abi.GuestContext;
import dev.xenolith.hypervisor.domain.Vcpu;
import dev.xenolith.hypervisor.timer.AcTimer;
import dev.xenolith.machine.cpu.Context;
import dev.xenolith.machine.cpu.Cpu;

/**
 * What Xen keeps for a guest vcpu beside the scheduler's view: the guest's context, the event callback it
 * registered, the pending bounce frame, and its {@code set_timer_op} timer. As the CPU's {@link Context}
 * it resumes the guest: first the event upcall if Xen built a bounce frame on the way out, otherwise
 * whatever the guest was doing.
 */
final class VcpuState implements Context {
    final Vcpu vcpu;
    final AcTimer timer;
    private final Xen xen;
    GuestContext guest;
    EventCallback callback;
    /** The guest asked for no 10 ms tick ({@code VCPUOP_stop_periodic_timer}). */
    boolean periodicTimerStopped;
    /** {@code create_bounce_frame} ran: the guest continues in its event callback. */
    boolean bouncePending;

    VcpuState(Xen xen, Vcpu vcpu, Schedule schedule) {
        this.xen = xen;
        this.vcpu = vcpu;
        this.timer = new AcTimer(XenFunction.DOM_TIMER_FN, vcpu.processor(), (cpu, now) -> schedule.domTimerFn(this, cpu));
    }

    @Override
    public void resume(Cpu cpu) {
        xen.beginPath(cpu);
        cpu.setPrivilege(Xen.GUEST_KERNEL_RING);
        if (bouncePending) {
            bouncePending = false;
            callback.upcall(cpu);
        } else {
            guest.resume(cpu);
        }
    }

    @Override
    public void workStopped(Cpu cpu, long remainingCycles) {
        guest.workStopped(cpu, remainingCycles);
    }

    @Override
    public String name() {
        return vcpu.toString();
    }
}
