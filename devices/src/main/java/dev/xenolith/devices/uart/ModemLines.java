package dev.xenolith.devices.uart;

/**
 * The modem-control side of the 16550A: the MCR outputs (DTR, RTS, OUT1, OUT2, LOOP) and the MSR, whose
 * upper nibble is the state of the four modem inputs and whose lower nibble latches their changes until
 * software reads the MSR.
 *
 * <p>Outside loopback the inputs come from the far end of the cable. Xenolith models a connected terminal
 * that holds CTS, DSR and DCD asserted and never rings (QEMU's default as well), so the MSR reads 0xB0
 * after reset. In loopback the inputs are cut off and wired to the outputs instead (CTS from RTS, DSR
 * from DTR, RI from OUT1, DCD from OUT2); switching between the two sources is itself a change of the
 * inputs and sets the delta bits, as it does on the chip.
 */
final class ModemLines {
    static final int MCR_DTR = 0x01;
    static final int MCR_RTS = 0x02;
    static final int MCR_OUT1 = 0x04;
    static final int MCR_OUT2 = 0x08;
    static final int MCR_LOOP = 0x10;
    /** Bits 7:5 of the MCR do not exist on the 16550A and read as zero. */
    static final int MCR_WRITABLE = 0x1F;

    static final int MSR_DELTA_CTS = 0x01;
    static final int MSR_DELTA_DSR = 0x02;
    static final int MSR_TRAILING_EDGE_RI = 0x04;
    static final int MSR_DELTA_DCD = 0x08;
    static final int MSR_CTS = 0x10;
    static final int MSR_DSR = 0x20;
    static final int MSR_RI = 0x40;
    static final int MSR_DCD = 0x80;
    static final int MSR_DELTAS = 0x0F;
    static final int MSR_STATES = 0xF0;

    /** What the modeled terminal drives on the inputs: ready to receive, powered, carrier present. */
    static final int TERMINAL_INPUTS = MSR_CTS | MSR_DSR | MSR_DCD;

    private int mcr;
    private int msr;

    ModemLines() {
        reset();
    }

    /** Power-on: all outputs inactive, inputs from the terminal, no changes latched. */
    void reset() {
        mcr = 0;
        msr = TERMINAL_INPUTS;
    }

    int mcr() {
        return mcr;
    }

    void writeMcr(int value) {
        mcr = value & MCR_WRITABLE;
        driveInputs(loopback() ? loopedBack(mcr) : TERMINAL_INPUTS);
    }

    /** The MSR as software reads it; the read clears the latched changes. */
    int readMsr() {
        int value = msr;
        msr &= MSR_STATES;
        return value;
    }

    boolean changePending() {
        return (msr & MSR_DELTAS) != 0;
    }

    boolean loopback() {
        return (mcr & MCR_LOOP) != 0;
    }

    /**
     * The OUT2 pin, which on a PC board enables the buffer that puts INTR onto the ISA IRQ line. It
     * follows MCR.OUT2 except in loopback, where the datasheet forces every modem-control output pin
     * inactive: the chip's interrupts still work (IIR, INTR) but none reaches the board's IRQ line.
     */
    boolean out2Pin() {
        return (mcr & MCR_OUT2) != 0 && !loopback();
    }

    private static int loopedBack(int mcr) {
        int inputs = 0;
        inputs |= (mcr & MCR_RTS) != 0 ? MSR_CTS : 0;
        inputs |= (mcr & MCR_DTR) != 0 ? MSR_DSR : 0;
        inputs |= (mcr & MCR_OUT1) != 0 ? MSR_RI : 0;
        inputs |= (mcr & MCR_OUT2) != 0 ? MSR_DCD : 0;
        return inputs;
    }

    /** Latches which inputs changed: CTS, DSR and DCD on any change, RI only when a ring ends (1 to 0). */
    private void driveInputs(int inputs) {
        int changed = (msr ^ inputs) & MSR_STATES;
        int deltas = (changed & (MSR_CTS | MSR_DSR | MSR_DCD)) >>> 4;
        if ((msr & MSR_RI) != 0 && (inputs & MSR_RI) == 0) {
            deltas |= MSR_TRAILING_EDGE_RI;
        }
        msr = (msr & MSR_DELTAS) | deltas | inputs;
    }
}
