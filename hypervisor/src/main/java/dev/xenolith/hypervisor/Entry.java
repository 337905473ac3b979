package dev.xenolith.hypervisor;

import static dev.xenolith.hypervisor.XenFunction.ACK_APIC_IRQ;
import static dev.xenolith.hypervisor.XenFunction.APIC_TIMER_INTERRUPT;
import static dev.xenolith.hypervisor.XenFunction.COMMON_INTERRUPT;
import static dev.xenolith.hypervisor.XenFunction.CREATE_BOUNCE_FRAME;
import static dev.xenolith.hypervisor.XenFunction.DO_IRQ;
import static dev.xenolith.hypervisor.XenFunction.EVENT_CHECK_INTERRUPT;
import static dev.xenolith.hypervisor.XenFunction.HYPERCALL;
import static dev.xenolith.hypervisor.XenFunction.PROCESS_SOFTIRQS;
import static dev.xenolith.hypervisor.XenFunction.RESTORE_ALL_GUEST;
import static dev.xenolith.hypervisor.XenFunction.RESTORE_ALL_XEN;
import static dev.xenolith.hypervisor.XenFunction.RET_FROM_INTR;
import static dev.xenolith.hypervisor.XenFunction.SMP_APIC_TIMER_INTERRUPT;
import static dev.xenolith.hypervisor.XenFunction.SMP_EVENT_CHECK_INTERRUPT;
import static dev.xenolith.hypervisor.XenFunction.TEST_ALL_EVENTS;
import static dev.xenolith.hypervisor.XenFunction.TIMER_INTERRUPT;

import dev.xenolith.devices.apic.ApicRegisters;
import dev.xenolith.hypervisor.abi.Hypercall;
import dev.xenolith.hypervisor.abi.VcpuInfo;
import dev.xenolith.hypervisor.domain.Vcpu;
import dev.xenolith.hypervisor.softirq.Softirq;
import dev.xenolith.machine.cpu.Cpu;
import dev.xenolith.machine.cpu.Gate;
import dev.xenolith.machine.cpu.GateType;
import dev.xenolith.machine.cpu.InterruptFrame;

/**
 * Xen 2.0's x86_32 entry and exit ({@code entry.S}, {@code i8259.c}, {@code apic.c}): the interrupt stubs
 * it installs in the IDT, the hypercall gate, and the exit path every one of them ends in:
 * {@code ret_from_intr} goes back to Xen untouched ({@code restore_all_xen}) or, for a guest, through
 * {@code test_all_events}, which runs pending softirqs and bounces a pending event into the guest.
 */
final class Entry {
    private static final int PIC_MASTER_COMMAND = 0x20;
    private static final int PIC_EOI = 0x20;

    private final Xen xen;

    Entry(Xen xen) {
        this.xen = xen;
    }

    /** {@code init_IRQ} and {@code trap_init}'s gates, on every CPU (they share Xen's IDT). */
    void installGates(Cpu cpu) {
        cpu.setGate(LocalApicRegs.LOCAL_TIMER_VECTOR,
                new Gate("apic_timer_interrupt", GateType.INTERRUPT, this::apicTimerInterrupt));
        cpu.setGate(LocalApicRegs.EVENT_CHECK_VECTOR,
                new Gate("event_check_interrupt", GateType.INTERRUPT, this::eventCheckInterrupt));
        cpu.setGate(LocalApicRegs.SPURIOUS_APIC_VECTOR,
                new Gate("spurious_interrupt", GateType.INTERRUPT, this::retFromIntr));
        for (int irq = 0; irq < 16; irq++) {
            cpu.setGate(LocalApicRegs.FIRST_EXTERNAL_VECTOR + irq,
                    new Gate("IRQ" + irq + "_interrupt", GateType.INTERRUPT, this::commonInterrupt));
        }
        cpu.setGate(Hypercall.VECTOR, new Gate("hypercall", GateType.INTERRUPT, this::hypercall));
    }

    /** {@code apic_timer_interrupt} → {@code smp_apic_timer_interrupt}: ack, count, raise the timer softirq. */
    private void apicTimerInterrupt(Cpu cpu, InterruptFrame frame) {
        PerCpu pcpu = xen.beginPath(cpu);
        xen.fn.enter(cpu, APIC_TIMER_INTERRUPT);
        xen.fn.enter(cpu, SMP_APIC_TIMER_INTERRUPT);
        ackApicIrq(cpu);
        pcpu.apicTimerInterrupts++;
        xen.raiseSoftirq(cpu, Softirq.AC_TIMER_SOFTIRQ);
        xen.fn.exit(cpu, SMP_APIC_TIMER_INTERRUPT);
        retFromIntr(cpu, frame);
        xen.fn.exit(cpu, APIC_TIMER_INTERRUPT);
    }

    /** {@code event_check_interrupt}: only an ack; its point is the exit path it leads to. */
    private void eventCheckInterrupt(Cpu cpu, InterruptFrame frame) {
        xen.beginPath(cpu);
        xen.fn.enter(cpu, EVENT_CHECK_INTERRUPT);
        xen.fn.enter(cpu, SMP_EVENT_CHECK_INTERRUPT);
        ackApicIrq(cpu);
        xen.fn.exit(cpu, SMP_EVENT_CHECK_INTERRUPT);
        retFromIntr(cpu, frame);
        xen.fn.exit(cpu, EVENT_CHECK_INTERRUPT);
    }

    /**
     * A legacy IRQ through the 8259 ({@code common_interrupt} → {@code do_IRQ}). IRQ0 is the PIT's
     * {@code timer_interrupt}, which advances Xen's jiffies and, without an APIC timer, raises the timer
     * softirq; other lines are acknowledged and counted (Xen passes them to domain 0, which Xenolith's
     * images do not use).
     */
    private void commonInterrupt(Cpu cpu, InterruptFrame frame) {
        xen.beginPath(cpu);
        int irq = frame.vector() - LocalApicRegs.FIRST_EXTERNAL_VECTOR;
        xen.fn.enter(cpu, COMMON_INTERRUPT);
        xen.fn.enter(cpu, DO_IRQ);
        cpu.outb(PIC_MASTER_COMMAND, PIC_EOI); // mask_and_ack_8259A, edge-triggered IRQ0 needs only the EOI
        if (irq == 0) {
            xen.fn.enter(cpu, TIMER_INTERRUPT);
            xen.jiffies++;
            if (!xen.timers.apicTimer()) {
                xen.raiseSoftirq(cpu, Softirq.AC_TIMER_SOFTIRQ); // do_timer_lists_from_pit
            }
            xen.fn.exit(cpu, TIMER_INTERRUPT);
        }
        xen.fn.exit(cpu, DO_IRQ);
        retFromIntr(cpu, frame);
        xen.fn.exit(cpu, COMMON_INTERRUPT);
    }

    /**
     * The hypercall gate (vector 0x82, an interrupt gate that Xen's stub re-enables with {@code sti}):
     * dispatch by {@code eax}, store the result, then {@code ret_from_hypercall} falls into the exit checks,
     * unless the call switched vcpus, in which case the incoming vcpu's exit path has already run.
     */
    private void hypercall(Cpu cpu, InterruptFrame frame) {
        PerCpu pcpu = xen.beginPath(cpu);
        xen.fn.enter(cpu, HYPERCALL);
        cpu.sti();
        if (cpu.tracing()) {
            xen.fn.event(cpu, new XenEvent.HypercallEntry(pcpu.curr, pcpu.hypercall, xen.hypercalls.name(pcpu.hypercall)));
        }
        pcpu.result = xen.hypercalls.dispatch(pcpu);
        if (!pcpu.stackReset) {
            testAllEvents(pcpu);
        }
        xen.fn.exit(cpu, HYPERCALL);
    }

    /** {@code ret_from_intr}: a guest was interrupted (CPL != 0) → exit checks; Xen itself → plain return. */
    void retFromIntr(Cpu cpu, InterruptFrame frame) {
        PerCpu pcpu = xen.percpu(cpu.id());
        xen.fn.enter(cpu, RET_FROM_INTR);
        if (frame.interruptedPrivilege() != 0) {
            testAllEvents(pcpu);
        } else {
            xen.fn.call(cpu, RESTORE_ALL_XEN);
        }
        xen.fn.exit(cpu, RET_FROM_INTR);
    }

    /**
     * {@code test_all_events}, with interrupts off so the tests cannot race an interrupt: run pending
     * softirqs (and start over), then deliver a pending, unmasked event upcall through a bounce frame
     * (masking further upcalls), then return to the guest.
     */
    void testAllEvents(PerCpu pcpu) {
        Cpu cpu = pcpu.cpu;
        xen.fn.enter(cpu, TEST_ALL_EVENTS);
        while (true) {
            cpu.cli();
            if (xen.softirqs.pending(pcpu.id) != 0) {
                xen.fn.enter(cpu, PROCESS_SOFTIRQS);
                cpu.sti();
                xen.doSoftirq(pcpu);
                xen.fn.exit(cpu, PROCESS_SOFTIRQS);
                if (pcpu.stackReset) {
                    break; // schedule_tail already took the incoming vcpu through this path
                }
                continue;
            }
            Vcpu vcpu = pcpu.curr;
            VcpuInfo info = xen.events.sharedInfo(vcpu).vcpu(vcpu.id());
            if (!info.upcallMask() && info.upcallPending()) {
                xen.fn.enter(cpu, CREATE_BOUNCE_FRAME);
                xen.state(vcpu).bouncePending = true;
                info.setUpcallMask(true);
                if (cpu.tracing()) {
                    xen.fn.event(cpu, new XenEvent.Upcall(vcpu));
                }
                xen.fn.exit(cpu, CREATE_BOUNCE_FRAME);
            }
            xen.fn.call(cpu, RESTORE_ALL_GUEST);
            cpu.sti(); // its iret pops the guest's EFLAGS: a PV guest always runs with IF set
            break;
        }
        xen.fn.exit(cpu, TEST_ALL_EVENTS);
    }

    private void ackApicIrq(Cpu cpu) {
        xen.fn.enter(cpu, ACK_APIC_IRQ);
        ApicRegisters.write(cpu, ApicRegisters.EOI, 0);
        xen.fn.exit(cpu, ACK_APIC_IRQ);
    }
}
