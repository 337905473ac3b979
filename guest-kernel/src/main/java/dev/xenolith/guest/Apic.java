package dev.xenolith.guest;

import dev.xenolith.machine.cpu.Cpu;

/**
 * Linux's view of the local APIC ({@code include/asm-x86/apicdef.h}, {@code mach-default/irq_vectors.h}):
 * register offsets, the vectors 2.6.25 on i386 assigns, and register access through the CPU's MMIO window.
 */
final class Apic {
    static final long BASE = 0xFEE0_0000L;
    static final int EOI = 0xB0;
    static final int SVR = 0xF0;
    static final int ICR = 0x300;
    static final int ICR2 = 0x310;
    static final int LVTT = 0x320;
    static final int LVT0 = 0x350;
    static final int LVT1 = 0x360;
    static final int LVTERR = 0x370;
    static final int TMICT = 0x380;
    static final int TDCR = 0x3E0;

    static final int SVR_ENABLED = 0x100;
    static final int LVT_MASKED = 0x10000;
    static final int LVT_TIMER_PERIODIC = 0x20000;
    static final int DM_EXTINT = 0x700;
    static final int DM_NMI = 0x400;
    static final int DM_INIT = 0x500;
    static final int DM_STARTUP = 0x600;
    static final int INT_ASSERT = 0x4000;
    static final int INT_LEVELTRIG = 0x8000;
    static final int TDR_DIV_16 = 0x3;
    /** {@code APIC_DIVISOR}: 2.6.25 runs the timer off the bus clock divided by 16. */
    static final int DIVISOR = 16;

    static final int FIRST_EXTERNAL_VECTOR = 0x20;
    static final int LOCAL_TIMER_VECTOR = 0xEF;
    static final int RESCHEDULE_VECTOR = 0xFC;
    static final int ERROR_APIC_VECTOR = 0xFE;
    static final int SPURIOUS_APIC_VECTOR = 0xFF;

    private Apic() {
    }

    static void write(Cpu cpu, int reg, int value) {
        cpu.writeMmio(BASE + reg, value);
    }

    /** A fixed-delivery IPI to the CPU whose APIC ID is {@code apicId} ({@code __send_IPI_dest_field}). */
    static void sendIpi(Cpu cpu, int apicId, int mode, int vector) {
        write(cpu, ICR2, apicId << 24);
        write(cpu, ICR, mode | vector | INT_ASSERT);
    }
}
