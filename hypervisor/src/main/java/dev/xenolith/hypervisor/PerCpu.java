package dev.xenolith.hypervisor;

import dev.xenolith.hypervisor.domain.Vcpu;
import dev.xenolith.hypervisor.sched.TaskSlice;
import dev.xenolith.hypervisor.timer.AcTimer;
import dev.xenolith.hypervisor.timer.AcTimerHeap;
import dev.xenolith.machine.cpu.Cpu;

/**
 * Xen's per-CPU data on one physical CPU: the ac_timer heap, {@code schedule_data} (current and idle vcpu,
 * the scheduling timer {@code s_timer}), the 10 ms {@code t_timer}, the scheduler's reusable decision, and
 * the hypercall argument registers of the call being served.
 */
final class PerCpu {
    final int id;
    final Cpu cpu;
    final AcTimerHeap timers = new AcTimerHeap();
    final TaskSlice slice = new TaskSlice();
    Vcpu curr;
    Vcpu idle;
    AcTimer sTimer;
    AcTimer tTimer;
    boolean online;
    long vcpuSwitches;

    /**
     * Set when {@code __enter_scheduler} has switched vcpus in the running path: Xen's
     * {@code schedule_tail} resets the stack and jumps to the exit path, so the loops of the old
     * activation (softirqs, exit checks) must not go on. Cleared when the next path starts.
     */
    boolean stackReset;

    long apicTimerInterrupts;

    /** The registers of the hypercall being served: {@code eax} in, {@code ebx..edi}, result out. */
    int hypercall;
    long arg1;
    long arg2;
    long arg3;
    Object argObject;
    long result;

    PerCpu(int id, Cpu cpu) {
        this.id = id;
        this.cpu = cpu;
    }
}
