package dev.xenolith.hypervisor.abi;

import dev.xenolith.machine.cpu.Cpu;

/**
 * What a guest's vcpu runs when Xen runs it: the guest kernel's current context on that vcpu (a task's work,
 * its idle loop). Xen saves nothing else when it switches the vcpu out: the guest keeps its own state, and
 * since guest kernel paths are atomic, a vcpu is only ever switched at a guest boundary.
 */
public interface GuestContext {
    /** Continue the guest on {@code cpu}: run its next guest kernel path and/or start its next work span. */
    void resume(Cpu cpu);

    /** The work span the guest started has stopped, with {@code remainingCycles} still owed. */
    void workStopped(Cpu cpu, long remainingCycles);
}
