package dev.xenolith.devices.pic;

import dev.xenolith.machine.bus.IrqLine;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One Intel 8259A programmable interrupt controller (datasheet 231468), as one half of the PC's
 * cascaded pair. It holds the chip's registers (IRR, ISR, IMR, the ICWs), its priority resolver and its
 * INT output; {@link I8259Pair} owns two of them, wires the slave's INT to the master's IR2 and runs the
 * INTA cycles across both.
 *
 * <p>Invariants: IRR, ISR, IMR and the pin levels are 8-bit masks; {@code lowest} is the level with the
 * lowest priority (7 unless rotated), so priority runs {@code lowest+1, lowest+2, ...} modulo 8; a bit
 * of IRR that is level-triggered always equals its pin. The INT output is driven only from
 * {@link #update()}, and only when its level changes, so a caller can make several changes and let the
 * output settle once; only an acknowledge updates it midway, between the INTA pulses.
 *
 * <p>Simplifications: the chip's role (master or slave) is fixed by its SP/EN pin, as the PC ties it;
 * buffered mode (ICW4 BUF, M/S) is stored but changes nothing, because on a PC the SP/EN pin never
 * becomes a buffer enable. An acknowledge takes one instant: the state between the two INTA pulses is
 * shown on INT only for that instant, and there is no window in which IRR is frozen.
 */
final class I8259 {
    private static final Logger log = LoggerFactory.getLogger(I8259.class);

    // ICW1, written to the command port with D4 set.
    static final int ICW1_IC4 = 0x01;
    static final int ICW1_SNGL = 0x02;
    static final int ICW1_ADI = 0x04;
    static final int ICW1_LTIM = 0x08;
    static final int ICW1_SELECT = 0x10;

    // ICW4.
    static final int ICW4_UPM = 0x01;
    static final int ICW4_AEOI = 0x02;
    static final int ICW4_MS = 0x04;
    static final int ICW4_BUF = 0x08;
    static final int ICW4_SFNM = 0x10;
    private static final int ICW4_DEFINED = ICW4_UPM | ICW4_AEOI | ICW4_MS | ICW4_BUF | ICW4_SFNM;

    // OCW2 (command port, D4 = 0, D3 = 0): R, SL, EOI in D7..D5, the level in D2..D0.
    static final int OCW2_COMMAND = 0xE0;
    static final int OCW2_LEVEL = 0x07;
    static final int OCW2_ROTATE_IN_AEOI_CLEAR = 0x00;
    static final int OCW2_NON_SPECIFIC_EOI = 0x20;
    static final int OCW2_NO_OPERATION = 0x40;
    static final int OCW2_SPECIFIC_EOI = 0x60;
    static final int OCW2_ROTATE_IN_AEOI_SET = 0x80;
    static final int OCW2_ROTATE_ON_NON_SPECIFIC_EOI = 0xA0;
    static final int OCW2_SET_PRIORITY = 0xC0;
    static final int OCW2_ROTATE_ON_SPECIFIC_EOI = 0xE0;

    // OCW3 (command port, D4 = 0, D3 = 1).
    static final int OCW3_SELECT = 0x08;
    static final int OCW3_RIS = 0x01;
    static final int OCW3_RR = 0x02;
    static final int OCW3_POLL = 0x04;
    static final int OCW3_SMM = 0x20;
    static final int OCW3_ESMM = 0x40;

    /** The I bit of the poll word: a level was pending and is now in service. */
    static final int POLL_INTERRUPT = 0x80;

    /** x86 mode ignores the low three bits of ICW2: the chip puts the level there. */
    private static final int VECTOR_BASE = 0xF8;
    /** ICW1 A7..A5 (interval 4) or A7..A6 (interval 8): the low CALL-address bits in MCS-80/85 mode. */
    private static final int CALL_ADDRESS_INTERVAL_4 = 0xE0;
    private static final int CALL_ADDRESS_INTERVAL_8 = 0xC0;
    /** The datasheet's "slave mode address is set to 7" on ICW1. */
    private static final int SLAVE_ADDRESS_AFTER_ICW1 = 7;
    private static final int SLAVE_ID = 0x07;
    private static final int LOWEST_LEVEL = 7;
    static final int NONE = -1;

    // Which initialization word the data port expects next; OPERATIONAL means OCW1.
    private static final int OPERATIONAL = 0;
    private static final int EXPECT_ICW2 = 2;
    private static final int EXPECT_ICW3 = 3;
    private static final int EXPECT_ICW4 = 4;

    private final String name;
    private final boolean master;
    private final int elcrWritable;
    private final IrqLine output;

    private int icw1;
    private int icw2;
    private int icw3;
    private int icw4;
    private int initStep;
    private int irr;
    private int isr;
    private int imr;
    private int elcr;
    /** The levels on the IR inputs now: the edge detector compares against them. */
    private int pins;
    private int lowest;
    private boolean specialMask;
    private boolean readIsr;
    private boolean pollPending;
    private boolean rotateInAutoEoi;
    private boolean intLevel;

    /**
     * @param master       the SP/EN pin: true for the chip whose INT reaches the CPU
     * @param elcrWritable the ELCR bits the chipset lets software set (the others stay edge)
     * @param output       where the INT pin goes
     */
    I8259(String name, boolean master, int elcrWritable, IrqLine output) {
        this.name = name;
        this.master = master;
        this.elcrWritable = elcrWritable;
        this.output = output;
        reset();
    }

    /**
     * Power-on. The 8259A has no reset pin and wakes up undefined; Xenolith defines power-on as every
     * register zero, not in an initialization sequence, IR7 lowest, IRR selected for reads, all inputs
     * edge-triggered (ELCR 0, as PIIX resets it), and no edge latched. The pin levels are the wires' and
     * survive. Software must run ICW1..ICW4 before the vectors mean anything.
     */
    void reset() {
        icw1 = 0;
        icw2 = 0;
        icw3 = 0;
        icw4 = 0;
        initStep = OPERATIONAL;
        irr = 0;
        isr = 0;
        imr = 0;
        elcr = 0;
        lowest = LOWEST_LEVEL;
        specialMask = false;
        readIsr = false;
        pollPending = false;
        rotateInAutoEoi = false;
    }

    // ---------------------------------------------------------------- the bus side

    /** A write with A0 = 0: ICW1, OCW2 or OCW3, told apart by D4 and D3. */
    void writeCommand(int value) {
        if ((value & ICW1_SELECT) != 0) {
            icw1(value);
        } else if ((value & OCW3_SELECT) != 0) {
            ocw3(value);
        } else {
            ocw2(value);
        }
    }

    /** A write with A0 = 1: the next ICW of an initialization sequence, otherwise OCW1 (the IMR). */
    void writeData(int value) {
        boolean initializing = initStep != OPERATIONAL;
        switch (initStep) {
            case EXPECT_ICW2 -> {
                icw2 = value;
                initStep = single() ? afterIcw3() : EXPECT_ICW3;
            }
            case EXPECT_ICW3 -> {
                icw3 = value;
                initStep = afterIcw3();
            }
            case EXPECT_ICW4 -> {
                icw4 = value & ICW4_DEFINED;
                initStep = OPERATIONAL;
            }
            default -> imr = value;
        }
        if (initializing && initStep == OPERATIONAL) {
            logInitialized();
        }
    }

    /**
     * A read with A0 = 0: the poll word if a poll command is pending (the datasheet's read table puts the
     * interrupting level on A0 = 0), otherwise IRR or ISR as OCW3 last selected.
     */
    int readCommand() {
        if (pollPending) {
            pollPending = false;
            return poll();
        }
        return readIsr ? isr : irr;
    }

    /** A read with A0 = 1 always returns the IMR, even with a poll pending. */
    int readData() {
        return imr;
    }

    int elcr() {
        return elcr;
    }

    /** The chipset's edge/level register: a set bit makes that input level-triggered. */
    void writeElcr(int value) {
        elcr = value & elcrWritable;
        followLevelPins();
    }

    // ---------------------------------------------------------------- the pins

    /**
     * An IR input changes. A rising edge latches IRR in edge mode; in level mode IRR follows the pin.
     *
     * <p>Deliberate choice: the datasheet wants an edge-triggered input held high until the first INTA
     * and answers with IR7 if it falls earlier. Xenolith's {@link IrqLine#pulse()} signals an edge in zero
     * time, so here (as in QEMU) a latched edge stays in IRR until acknowledged. A level-triggered input
     * that falls before INTA still withdraws its request, which gives the default IR7.
     */
    void setPin(int level, boolean high) {
        int bit = 1 << level;
        if (high) {
            if ((pins & bit) == 0 || (levelTriggered() & bit) != 0) {
                irr |= bit;
            }
            pins |= bit;
        } else {
            pins &= ~bit;
            irr &= ~(bit & levelTriggered());
        }
    }

    /** Drives INT from the resolver: high while an unmasked request outranks what is in service. */
    void update() {
        boolean level = pendingLevel() != NONE;
        if (level != intLevel) {
            intLevel = level;
            output.set(level);
        }
    }

    // ---------------------------------------------------------------- priority and acknowledge

    /**
     * The level the chip would put in service now, or {@link #NONE}. The highest-priority unmasked request
     * wins if it outranks the highest level in service. In special mask mode, in-service levels that are
     * masked do not count. In special fully nested mode the master also lets a cascaded input through
     * while that same input is in service, so a higher-priority request on the slave reaches the CPU;
     * lower master levels stay blocked (QEMU ignores the cascade's ISR bit altogether and lets them in).
     */
    int pendingLevel() {
        int request = highest(irr & ~imr);
        if (request == NONE) {
            return NONE;
        }
        int inService = highest(blockingInService());
        if (inService == NONE || rank(request) < rank(inService)) {
            return request;
        }
        boolean nestsCascade = request == inService && (icw4 & ICW4_SFNM) != 0 && cascades(request);
        return nestsCascade ? request : NONE;
    }

    /**
     * The INTA cycles for {@code level}: on the first pulse it goes in service and its edge latch is
     * consumed, so INT falls; with automatic EOI the ISR bit is cleared again at the end of the last
     * pulse (and with rotate in automatic EOI mode that level becomes the lowest priority), so INT rises
     * again if more is pending. That low pulse is what gives the master's edge-triggered IR2 a fresh edge
     * when an AEOI slave still has a request.
     */
    void acknowledge(int level) {
        int bit = 1 << level;
        isr |= bit;
        irr &= ~(bit & ~levelTriggered());
        update();
        if ((icw4 & ICW4_AEOI) != 0) {
            isr &= ~bit;
            if (rotateInAutoEoi) {
                lowest = level;
            }
        }
    }

    /**
     * What the chip drives on the second INTA pulse for {@code level}. In 8086 mode (ICW4 uPM) that is
     * the ICW2 base with the level in the low three bits. In MCS-80/85 mode the chip answers with a
     * CALL whose second byte (the one an x86 takes as the vector) is the low address byte built from
     * ICW1 A7..A5 and the level at the ADI interval.
     */
    int vector(int level) {
        if ((icw4 & ICW4_UPM) != 0) {
            return (icw2 & VECTOR_BASE) | level;
        }
        return (icw1 & ICW1_ADI) != 0
                ? (icw1 & CALL_ADDRESS_INTERVAL_4) | level << 2
                : (icw1 & CALL_ADDRESS_INTERVAL_8) | level << 3;
    }

    /** The default IR7 answered when nothing is pending at INTA; ISR is left alone. */
    int spuriousVector() {
        return vector(LOWEST_LEVEL);
    }

    /** A master in cascade mode hands the INTA to a slave for the inputs ICW3 marks. */
    boolean cascades(int level) {
        return master && !single() && (icw3 & 1 << level) != 0;
    }

    /** A slave in cascade mode drives the vector when the CAS lines carry its ICW3 identity. */
    boolean answersCascade(int casCode) {
        return !master && !single() && (icw3 & SLAVE_ID) == casCode;
    }

    /** Poll: the read acts as an INTA and returns I and the level, or 0 if nothing is pending. */
    private int poll() {
        int level = pendingLevel();
        if (level == NONE) {
            return 0;
        }
        acknowledge(level);
        return POLL_INTERRUPT | level;
    }

    // ---------------------------------------------------------------- command words

    /**
     * ICW1 starts initialization. Per the datasheet it clears the IMR, makes IR7 the lowest priority,
     * sets the slave address to 7, clears special mask mode, selects IRR for reads, resets the edge
     * detectors (an input already high needs a fresh low-to-high transition) and, when no ICW4 follows,
     * zeroes the ICW4 functions. It also clears ISR, a pending poll and rotate-in-AEOI: the datasheet is
     * silent on those, and QEMU and Bochs both clear them.
     */
    private void icw1(int value) {
        icw1 = value;
        icw4 = 0; // an ICW4 that follows overwrites this
        if (!master) {
            icw3 = SLAVE_ADDRESS_AFTER_ICW1;
        }
        imr = 0;
        isr = 0;
        irr = pins & levelTriggered();
        lowest = LOWEST_LEVEL;
        specialMask = false;
        readIsr = false;
        pollPending = false;
        rotateInAutoEoi = false;
        initStep = EXPECT_ICW2;
    }

    private void ocw2(int value) {
        int level = value & OCW2_LEVEL;
        switch (value & OCW2_COMMAND) {
            case OCW2_NON_SPECIFIC_EOI -> endOfInterrupt(eoiTarget(), false);
            case OCW2_ROTATE_ON_NON_SPECIFIC_EOI -> endOfInterrupt(eoiTarget(), true);
            case OCW2_SPECIFIC_EOI -> endOfInterrupt(level, false);
            case OCW2_ROTATE_ON_SPECIFIC_EOI -> endOfInterrupt(level, true);
            case OCW2_SET_PRIORITY -> lowest = level;
            case OCW2_ROTATE_IN_AEOI_SET -> rotateInAutoEoi = true;
            case OCW2_ROTATE_IN_AEOI_CLEAR -> rotateInAutoEoi = false;
            case OCW2_NO_OPERATION -> { }
        }
    }

    private void ocw3(int value) {
        if ((value & OCW3_ESMM) != 0) {
            specialMask = (value & OCW3_SMM) != 0;
        }
        if ((value & OCW3_RR) != 0) {
            readIsr = (value & OCW3_RIS) != 0;
        }
        if ((value & OCW3_POLL) != 0) {
            pollPending = true;
        }
    }

    /**
     * A non-specific EOI clears the highest-priority ISR bit, which in fully nested operation is the
     * level being served. In special mask mode the datasheet excludes masked ISR bits from it.
     */
    private int eoiTarget() {
        return highest(specialMask ? isr & ~imr : isr);
    }

    private void endOfInterrupt(int level, boolean rotate) {
        if (level == NONE) {
            return;
        }
        isr &= ~(1 << level);
        if (rotate) {
            lowest = level;
        }
    }

    // ---------------------------------------------------------------- helpers

    private int blockingInService() {
        return specialMask ? isr & ~imr : isr;
    }

    /** ICW1 LTIM makes every input of the chip level-triggered; otherwise the ELCR decides per input. */
    private int levelTriggered() {
        return (icw1 & ICW1_LTIM) != 0 ? 0xFF : elcr;
    }

    private void followLevelPins() {
        int level = levelTriggered();
        irr = (irr & ~level) | (pins & level);
    }

    private boolean single() {
        return (icw1 & ICW1_SNGL) != 0;
    }

    private int afterIcw3() {
        return (icw1 & ICW1_IC4) != 0 ? EXPECT_ICW4 : OPERATIONAL;
    }

    /** Priority order: 0 is the highest priority, the level after {@code lowest}. */
    private int rank(int level) {
        return (level - lowest - 1) & 7;
    }

    /** The highest-priority level set in {@code mask}, or {@link #NONE}, without a loop. */
    private int highest(int mask) {
        int start = (lowest + 1) & 7;
        int rotated = ((mask & 0xFF) >>> start | mask << (8 - start)) & 0xFF;
        return rotated == 0 ? NONE : (Integer.numberOfTrailingZeros(rotated) + start) & 7;
    }

    private void logInitialized() {
        if (log.isDebugEnabled()) {
            log.debug("{}: initialized, ICW1 {} ICW2 {} ICW3 {} ICW4 {}", name,
                    Integer.toHexString(icw1), Integer.toHexString(icw2),
                    Integer.toHexString(icw3), Integer.toHexString(icw4));
        }
    }
}
