package dev.xenolith.devices.apic;

import dev.xenolith.machine.cpu.Cpu;

/**
 * The xAPIC's programming interface as software sees it (Intel SDM vol. 3, chapter 10): the MMIO window, the
 * register offsets and the bits kernels write, and register access through a CPU's MMIO (each access costs
 * what the CPU charges for it). Kernels keep their own vector assignments.
 */
public final class ApicRegisters {
    public static final long BASE = 0xFEE0_0000L;
    public static final int ID = 0x20;
    public static final int EOI = 0xB0;
    public static final int SVR = 0xF0;
    public static final int ICR = 0x300;
    public static final int ICR2 = 0x310;
    public static final int LVTT = 0x320;
    public static final int LVT0 = 0x350;
    public static final int LVT1 = 0x360;
    public static final int LVTERR = 0x370;
    public static final int TMICT = 0x380;
    public static final int TMCCT = 0x390;
    public static final int TDCR = 0x3E0;

    public static final int SVR_ENABLED = 0x100;
    public static final int LVT_MASKED = 0x10000;
    public static final int LVT_TIMER_PERIODIC = 0x20000;
    /** LVTT timer mode 10b: the timer fires when the TSC reaches {@link #IA32_TSC_DEADLINE}. */
    public static final int LVT_TIMER_TSC_DEADLINE = 0x40000;
    public static final int DM_NMI = 0x400;
    public static final int DM_INIT = 0x500;
    public static final int DM_STARTUP = 0x600;
    public static final int DM_EXTINT = 0x700;
    public static final int ICR_ASSERT = 0x4000;
    public static final int ICR_LEVEL_TRIGGER = 0x8000;
    public static final int TDR_DIV_1 = 0xB;
    public static final int TDR_DIV_16 = 0x3;

    /** The MSR a kernel writes a TSC deadline to, where the APIC offers TSC-deadline mode. */
    public static final int IA32_TSC_DEADLINE = 0x6E0;

    private ApicRegisters() {
    }

    public static void write(Cpu cpu, int reg, int value) {
        cpu.writeMmio(BASE + reg, value);
    }

    public static int read(Cpu cpu, int reg) {
        return cpu.readMmio(BASE + reg);
    }

    /** A fixed IPI (or INIT/SIPI by {@code mode}) to the CPU whose APIC ID is {@code apicId}: ICR2, then ICR. */
    public static void sendIpi(Cpu cpu, int apicId, int mode, int vector) {
        write(cpu, ICR2, apicId << 24);
        write(cpu, ICR, mode | vector | ICR_ASSERT);
    }
}
