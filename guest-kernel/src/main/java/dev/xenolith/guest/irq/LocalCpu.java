package dev.xenolith.guest.irq;

import dev.xenolith.machine.cpu.Cpu;

/**
 * What kernel code asks of the CPU it runs on, which the platform answers: which guest CPU it is
 * ({@code smp_processor_id()}: the physical CPU natively, the vcpu under Xen, which may run on any physical
 * CPU) and its interrupt flag ({@code local_irq_disable}/{@code enable}: IF natively, the vcpu's event upcall
 * mask under Xen, as paravirt's {@code pv_irq_ops} have it).
 */
public interface LocalCpu {
    int smpProcessorId(Cpu cpu);

    void localIrqDisable(Cpu cpu);

    void localIrqEnable(Cpu cpu);

    boolean irqsDisabled(Cpu cpu);
}
