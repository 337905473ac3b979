package dev.xenolith.devices.board;

import dev.xenolith.machine.Machine;
import dev.xenolith.machine.cpu.Context;
import dev.xenolith.machine.cpu.Cpu;
import dev.xenolith.machine.cpu.Gate;
import dev.xenolith.machine.cpu.GateType;

/**
 * A few hundred instructions' worth of firmware that drives the PC board the way an OS does, through ports
 * and MMIO only: it programs the 8259 pair (vectors 0x20/0x28, only IRQ0 unmasked) and the PIT at 100 Hz,
 * prints a line on COM1 (115200 8N1, FIFOs), starts every application processor with INIT and a start-up
 * IPI (waiting for the ICR to go idle between IPIs), and sets each CPU's local APIC timer periodic at
 * {@code apicTimerHz}; then every CPU sits in {@code sti; hlt} and takes its interrupts. It is the
 * bare-machine demonstration: no hypervisor, no kernel.
 */
public final class TimerDemoFirmware implements Context {
    public static final int TIMER_VECTOR = 0xEF;
    public static final int IRQ0_VECTOR = 0x20;
    private static final long APIC = 0xFEE0_0000L;
    private static final int PIT_LATCH = 11932; // 1193182 Hz / 100, rounded
    private static final int TRAMPOLINE_PAGE = 0x9F;
    private static final int COM1 = 0x3F8;

    private final Machine machine;
    private final long apicBusHz;
    private final int apicTimerHz;
    private final String message;
    private final boolean[] started;
    private final long[] apicTimerStarted;
    private long pitStarted = -1;
    private long messageWritten = -1;

    public TimerDemoFirmware(Machine machine, long apicBusHz, int apicTimerHz, String message) {
        this.machine = machine;
        this.apicBusHz = apicBusHz;
        this.apicTimerHz = apicTimerHz;
        this.message = message;
        this.started = new boolean[machine.cpuCount()];
        this.apicTimerStarted = new long[machine.cpuCount()];
        for (Cpu cpu : machine.cpus()) {
            cpu.setGate(TIMER_VECTOR, new Gate("apic_timer", GateType.INTERRUPT,
                    (c, f) -> c.writeMmio(APIC + 0xB0, 0)));            // EOI
            cpu.setGate(IRQ0_VECTOR, new Gate("irq0", GateType.INTERRUPT,
                    (c, f) -> c.outb(0x20, 0x20)));                     // non-specific EOI to the 8259
        }
    }

    @Override
    public void resume(Cpu cpu) {
        if (!started[cpu.id()]) {
            started[cpu.id()] = true;
            if (cpu.id() == 0) {
                bootstrap(cpu);
            }
            startApicTimer(cpu);
        }
        cpu.sti();
        cpu.halt();
    }

    @Override
    public void workStopped(Cpu cpu, long remainingCycles) {
    }

    @Override
    public String name() {
        return "firmware";
    }

    /** When {@code cpu}'s APIC timer was started (its TMICT write), or 0 if not yet. */
    public long apicTimerStarted(int cpu) {
        return apicTimerStarted[cpu];
    }

    /** When the PIT was programmed, or -1. */
    public long pitStarted() {
        return pitStarted;
    }

    /** When the first character of the message was written to COM1, or -1. */
    public long messageWritten() {
        return messageWritten;
    }

    private void bootstrap(Cpu cpu) {
        cpu.writeMmio(APIC + 0xF0, 0x1FF);   // SVR: software enable, spurious vector 0xFF
        cpu.writeMmio(APIC + 0x350, 0x700);  // LINT0: ExtINT, the 8259's virtual wire
        int[] init8259 = {0x20, 0x11, 0x21, 0x20, 0x21, 0x04, 0x21, 0x01,
                          0xA0, 0x11, 0xA1, 0x28, 0xA1, 0x02, 0xA1, 0x01,
                          0x21, 0xFE, 0xA1, 0xFF}; // ICW1..4 each, then only IRQ0 unmasked
        for (int i = 0; i < init8259.length; i += 2) {
            cpu.outb(init8259[i], init8259[i + 1]);
        }
        cpu.outb(0x43, 0x34);                 // PIT channel 0, lobyte/hibyte, mode 2
        cpu.outb(0x40, PIT_LATCH & 0xFF);
        cpu.outb(0x40, PIT_LATCH >>> 8);
        pitStarted = cpu.now();
        writeLine(cpu);
        machine.installStartupCode(TRAMPOLINE_PAGE, this);
        for (int ap = 1; ap < machine.cpuCount(); ap++) {
            sendIpi(cpu, ap, 0x4500);                     // INIT
            sendIpi(cpu, ap, 0x4600 | TRAMPOLINE_PAGE);   // start-up IPI
        }
    }

    private void writeLine(Cpu cpu) {
        cpu.outb(COM1 + 3, 0x80);             // DLAB, divisor 1 (115200), then 8N1 and FIFOs
        cpu.outb(COM1, 1);
        cpu.outb(COM1 + 1, 0);
        cpu.outb(COM1 + 3, 0x03);
        cpu.outb(COM1 + 2, 0x07);
        for (int i = 0; i < message.length(); i++) {
            if (i % 16 == 0) {
                while ((cpu.inb(COM1 + 5) & 0x20) == 0) {
                    // the transmit FIFO is not empty yet: poll again (each poll costs a port read)
                }
            }
            if (i == 0) {
                messageWritten = cpu.now();
            }
            cpu.outb(COM1, message.charAt(i));
        }
    }

    /** Waits for the ICR's delivery status to clear, as {@code apic_wait_icr_idle} does, then sends. */
    private static void sendIpi(Cpu cpu, int apicId, int command) {
        while ((cpu.readMmio(APIC + 0x300) & 0x1000) != 0) {
            // the previous IPI is still on its way
        }
        cpu.writeMmio(APIC + 0x310, apicId << 24);
        cpu.writeMmio(APIC + 0x300, command);
    }

    private void startApicTimer(Cpu cpu) {
        cpu.writeMmio(APIC + 0xF0, 0x1FF);
        cpu.writeMmio(APIC + 0x3E0, 0xB);                          // divide by 1
        cpu.writeMmio(APIC + 0x320, 0x20000 | TIMER_VECTOR);       // periodic
        cpu.writeMmio(APIC + 0x380, (int) (apicBusHz / apicTimerHz));
        apicTimerStarted[cpu.id()] = cpu.now();
    }
}
