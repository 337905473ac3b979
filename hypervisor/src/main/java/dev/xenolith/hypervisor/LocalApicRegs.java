package dev.xenolith.hypervisor;

import dev.xenolith.machine.cpu.Cpu;

/**
 * Xen's view of the local APIC ({@code apicdef.h} and {@code apic.c}): register offsets and the few
 * accesses Xen makes, always through the CPU's MMIO window, never by calling the device.
 */
final class LocalApicRegs {
    static final long BASE = 0xFEE0_0000L;
    static final int ID = 0x20;
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

    static final int SVR_ENABLE = 0x100;
    static final int LVT_MASKED = 0x10000;
    static final int DM_EXTINT = 0x700;
    static final int DM_NMI = 0x400;
    static final int DM_INIT = 0x500;
    static final int DM_STARTUP = 0x600;
    static final int ICR_ASSERT = 0x4000;
    static final int ICR_LEVEL_TRIGGER = 0x8000;
    static final int TDR_DIV_1 = 0xB;

    /** Xen 2.0's vectors ({@code asm-x86/irq.h}). */
    static final int FIRST_EXTERNAL_VECTOR = 0x30;
    static final int LOCAL_TIMER_VECTOR = 0xEF;
    static final int EVENT_CHECK_VECTOR = 0xFC;
    static final int ERROR_APIC_VECTOR = 0xFE;
    static final int SPURIOUS_APIC_VECTOR = 0xFF;

    private LocalApicRegs() {
    }

    static void write(Cpu cpu, int reg, int value) {
        cpu.writeMmio(BASE + reg, value);
    }

    static int read(Cpu cpu, int reg) {
        return cpu.readMmio(BASE + reg);
    }

    /** Sends a fixed IPI with {@code vector} to the CPU whose APIC ID is {@code apicId}. */
    static void sendIpi(Cpu cpu, int apicId, int mode, int vector) {
        write(cpu, ICR2, apicId << 24);
        write(cpu, ICR, mode | vector | ICR_ASSERT);
    }
}
