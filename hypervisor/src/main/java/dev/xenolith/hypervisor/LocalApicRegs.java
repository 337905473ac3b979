package dev.xenolith.hypervisor;

/** Xen 2.0's interrupt vectors ({@code asm-x86/irq.h}); the APIC's registers are {@code ApicRegisters}. */
final class LocalApicRegs {
    static final int FIRST_EXTERNAL_VECTOR = 0x30;
    static final int LOCAL_TIMER_VECTOR = 0xEF;
    static final int EVENT_CHECK_VECTOR = 0xFC;
    static final int ERROR_APIC_VECTOR = 0xFE;
    static final int SPURIOUS_APIC_VECTOR = 0xFF;

    private LocalApicRegs() {
    }
}
