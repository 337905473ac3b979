package dev.xenolith.devices.pit;

/**
 * One counter of the 8254: its count register (CR), counting element (CE), output latch (OL), status
 * latch, the read and write byte flip-flops, and the level of OUT.
 *
 * <p>Time is a count of PIT input clocks since power-on; clock {@code k} is the k-th input-clock edge,
 * and an access stamped between edges {@code k} and {@code k + 1} happens "at clock k". Nothing here
 * ticks: the CE and OUT are pure functions of the clock, computed from a <em>segment</em> (the clock on
 * which the CE was last loaded, the count it was loaded with and, in mode 3, where in the square wave
 * that load fell). Writes replace the segment; queries never change it, so a CPU whose local time runs
 * ahead of the machine can read the counter without disturbing an OUT event still pending earlier.
 *
 * <p>Invariants: {@code loaded} is in 1..modulus (a CR of 0 means the modulus: 65536 binary, 10000
 * BCD); while {@code reloadPending}, {@code reloadClock} is the end of the current period (mode 2) or
 * half-cycle (mode 3) of the segment and is after {@code loadClock}. CE values are kept as plain
 * numbers (0..modulus-1) and converted to BCD digits only on their way to the data port.
 *
 * <p>The GATE input is tied high, as it is for counters 0 and 1 on the PC. So modes 0, 2, 3 and 4 always
 * count, and modes 1 and 5, which start only on a rising GATE edge, are never triggered: their OUT
 * stays high and their count waits in the CR (null count stays set).
 */
final class PitChannel {
    /** "No such clock": a one-shot that has finished, or a counter that is not counting. */
    static final long NEVER = Long.MAX_VALUE;

    /** Access modes, control word bits 5:4 (0 is the counter latch command, never a stored mode). */
    static final int ACCESS_LSB = 1;
    static final int ACCESS_MSB = 2;
    static final int ACCESS_LSB_MSB = 3;

    static final int MODE_INTERRUPT_ON_TERMINAL_COUNT = 0;
    static final int MODE_HARDWARE_ONE_SHOT = 1;
    static final int MODE_RATE_GENERATOR = 2;
    static final int MODE_SQUARE_WAVE = 3;
    static final int MODE_SOFTWARE_STROBE = 4;
    static final int MODE_HARDWARE_STROBE = 5;

    /** Status byte (read-back command): OUT, null count, then the control word's own bits 5:0. */
    static final int STATUS_OUT = 0x80;
    static final int STATUS_NULL_COUNT = 0x40;
    static final int STATUS_ACCESS_SHIFT = 4;
    static final int STATUS_MODE_SHIFT = 1;
    static final int STATUS_BCD = 0x01;

    private static final int BINARY_MODULUS = 0x10000;
    private static final int BCD_MODULUS = 10_000;

    private int access;
    /** Mode bits 3:1 as written (6 and 7 read back as written; they act as 2 and 3). */
    private int modeBits;
    private int mode;
    private boolean bcd;

    private int countRegister;
    private boolean writeMsbNext;
    private boolean readMsbNext;

    private int outputLatch;
    /** Bytes of the output latch still to be read; 0 means the latch follows the CE. */
    private int latchedBytes;
    private int statusLatch;
    private boolean statusLatched;

    /** Clock until which the CR has not reached the CE (null count); NEVER if it is not on its way. */
    private long crLoadClock;

    private boolean counting;
    private long loadClock;
    private int loaded;
    /** Mode 3: offset into the square-wave period at which the segment starts (0 or the high length). */
    private int startPhase;
    /** CE while not counting and before {@code loadClock}. */
    private int heldValue;
    /** OUT while not counting and before {@code loadClock}. */
    private boolean heldOut;

    private boolean reloadPending;
    private long reloadClock;
    private int reloadCount;
    private int reloadPhase;

    PitChannel() {
        reset();
    }

    /**
     * Power-on state. The 8254 powers up undefined; we choose the state a BIOS leaves just after the
     * control word "LSB then MSB, mode 3, binary" and before it writes a count: OUT high, null count,
     * not counting, CE 0. So nothing ticks until software writes a count, and programming mode 2 or 3
     * (what every PC kernel does) raises no spurious edge on IRQ0.
     */
    void reset() {
        program(ACCESS_LSB_MSB, MODE_SQUARE_WAVE, false, 0);
        heldValue = 0;
        countRegister = 0;
    }

    // ---------------------------------------------------------------- control word and data port

    /** A control word for this counter (not a latch command): all its control logic starts over. */
    void program(int newAccess, int newModeBits, boolean newBcd, long clock) {
        heldValue = valueAt(clock);
        access = newAccess;
        modeBits = newModeBits;
        mode = newModeBits >= 6 ? newModeBits - 4 : newModeBits;
        bcd = newBcd;
        heldValue %= modulus();
        // The datasheet sets OUT low for mode 0 and high for every other mode as soon as the control
        // word is written, and stops the counter until a new count arrives.
        heldOut = mode != MODE_INTERRUPT_ON_TERMINAL_COUNT;
        counting = false;
        reloadPending = false;
        crLoadClock = NEVER;
        writeMsbNext = false;
        readMsbNext = false;
        // "All control logic is reset": a pending latch is dropped with it (QEMU keeps it; see the
        // class comment of Pit8254).
        latchedBytes = 0;
        statusLatched = false;
    }

    /** A byte written to this counter's data port at {@code clock}. */
    void writeByte(int value, long clock) {
        settle(clock);
        switch (access) {
            case ACCESS_LSB -> countWritten(value, clock);
            case ACCESS_MSB -> countWritten(value << 8, clock);
            default -> {
                if (writeMsbNext) {
                    writeMsbNext = false;
                    countWritten((countRegister & 0xFF) | value << 8, clock);
                } else {
                    writeMsbNext = true;
                    countRegister = (countRegister & 0xFF00) | value;
                    firstByteOfTwo(clock);
                }
            }
        }
    }

    /** A byte read from this counter's data port at {@code clock}: status, latched count or live CE. */
    int readByte(long clock) {
        if (statusLatched) {
            statusLatched = false;
            return statusLatch;
        }
        int value;
        if (latchedBytes > 0) {
            value = outputLatch;
            latchedBytes--;
        } else {
            value = registerValue(valueAt(clock));
        }
        return switch (access) {
            case ACCESS_LSB -> value & 0xFF;
            case ACCESS_MSB -> value >>> 8;
            default -> {
                readMsbNext = !readMsbNext;
                yield readMsbNext ? value & 0xFF : value >>> 8;
            }
        };
    }

    /** Counter latch command: freeze the CE in the output latch until it has been read. */
    void latchCount(long clock) {
        // A second latch before the first has been read is ignored (datasheet).
        if (latchedBytes == 0) {
            outputLatch = registerValue(valueAt(clock));
            latchedBytes = access == ACCESS_LSB_MSB ? 2 : 1;
        }
    }

    /** Read-back with STATUS selected: freeze the status byte until it has been read. */
    void latchStatus(long clock) {
        if (!statusLatched) {
            statusLatch = (outAt(clock) ? STATUS_OUT : 0)
                    | (clock < crLoadClock ? STATUS_NULL_COUNT : 0)
                    | access << STATUS_ACCESS_SHIFT
                    | modeBits << STATUS_MODE_SHIFT
                    | (bcd ? STATUS_BCD : 0);
            statusLatched = true;
        }
    }

    // ---------------------------------------------------------------- writing counts

    /** The CR is complete. What happens next is the mode's rule for "new count written". */
    private void countWritten(int value, long clock) {
        countRegister = value & 0xFFFF;
        int count = decodedCount();
        switch (mode) {
            case MODE_INTERRUPT_ON_TERMINAL_COUNT, MODE_SOFTWARE_STROBE -> loadOnNextClock(count, clock);
            case MODE_RATE_GENERATOR, MODE_SQUARE_WAVE -> {
                if (!counting) {
                    loadOnNextClock(count, clock);
                } else if (clock < loadClock) {
                    // The CE has not taken the previous count yet; it takes the newest CR instead.
                    loaded = count;
                } else {
                    reloadAtEndOfCycle(count, clock);
                }
            }
            case MODE_HARDWARE_ONE_SHOT, MODE_HARDWARE_STROBE -> {
                // These load the CE on a GATE trigger, which a tied-high GATE never gives.
            }
            default -> throw new IllegalStateException("mode " + mode);
        }
    }

    /**
     * The CR is half written, so it has not reached the CE (null count). Mode 0 also stops counting and
     * drops OUT at once; the other modes go on with the count they have.
     */
    private void firstByteOfTwo(long clock) {
        crLoadClock = NEVER;
        if (mode == MODE_INTERRUPT_ON_TERMINAL_COUNT) {
            heldValue = valueAt(clock);
            heldOut = false;
            counting = false;
            reloadPending = false;
        }
    }

    /**
     * Mode 0 and 4 restart, and every mode starts after a control word, by loading the CE on the next
     * input clock. That clock does not decrement, which is why mode 0's OUT rises N + 1 clocks after
     * the count is written.
     */
    private void loadOnNextClock(int count, long clock) {
        heldValue = valueAt(clock);
        heldOut = mode != MODE_INTERRUPT_ON_TERMINAL_COUNT && outAt(clock);
        counting = true;
        loadClock = clock + 1;
        loaded = count;
        startPhase = 0;
        reloadPending = false;
        crLoadClock = loadClock;
    }

    /**
     * Modes 2 and 3: a new count does not disturb the cycle in progress; the CE takes it at its next
     * reload, which is the end of the period in mode 2 and the end of the half-cycle in mode 3.
     */
    private void reloadAtEndOfCycle(int count, long clock) {
        long elapsed = clock - loadClock;
        if (mode == MODE_RATE_GENERATOR) {
            reloadClock = loadClock + (elapsed / loaded + 1) * loaded;
            reloadPhase = 0;
        } else {
            int offset = (int) ((elapsed + startPhase) % loaded);
            int high = highLength(loaded);
            boolean inHighHalf = offset < high;
            reloadClock = clock + (inHighHalf ? high - offset : loaded - offset);
            // The new count starts in the half that the old one was about to enter.
            reloadPhase = inHighHalf ? highLength(count) : 0;
        }
        reloadCount = count;
        reloadPending = true;
        crLoadClock = reloadClock;
    }

    /** Makes a reload that has already happened by {@code clock} the current segment. */
    private void settle(long clock) {
        if (reloadPending && clock >= reloadClock) {
            loadClock = reloadClock;
            loaded = reloadCount;
            startPhase = reloadPhase;
            reloadPending = false;
        }
    }

    // ---------------------------------------------------------------- the CE and OUT as functions of time

    /** The CE at {@code clock}, as a number in 0..modulus-1. */
    int valueAt(long clock) {
        if (!counting || clock < loadClock) {
            return heldValue;
        }
        if (reloadPending && clock >= reloadClock) {
            return segmentValue(clock - reloadClock, reloadCount, reloadPhase);
        }
        return segmentValue(clock - loadClock, loaded, startPhase);
    }

    /** The level of OUT at {@code clock}. */
    boolean outAt(long clock) {
        if (!counting || clock < loadClock) {
            return heldOut;
        }
        if (reloadPending && clock >= reloadClock) {
            return segmentOut(clock - reloadClock, reloadCount, reloadPhase);
        }
        return segmentOut(clock - loadClock, loaded, startPhase);
    }

    /** The first clock after {@code clock} at which OUT may change, or {@link #NEVER}. */
    long nextEdgeAfter(long clock) {
        if (!counting) {
            return NEVER;
        }
        if (clock < loadClock) {
            return heldOut != segmentOut(0, loaded, startPhase) ? loadClock : nextEdgeAfter(loadClock);
        }
        if (reloadPending && clock >= reloadClock) {
            return offsetOrNever(reloadClock, segmentNextEdge(clock - reloadClock, reloadCount, reloadPhase));
        }
        long next = offsetOrNever(loadClock, segmentNextEdge(clock - loadClock, loaded, startPhase));
        return reloadPending ? Math.min(next, reloadClock) : next;
    }

    private int segmentValue(long elapsed, int count, int phase) {
        return switch (mode) {
            case MODE_RATE_GENERATOR -> (int) ((count - elapsed % count) % modulus());
            case MODE_SQUARE_WAVE -> squareWaveValue((int) ((elapsed + phase) % count), count) % modulus();
            // Modes 0 and 4 count down through zero and wrap, for as long as nobody writes a new count.
            default -> (int) Math.floorMod(count - elapsed, (long) modulus());
        };
    }

    private boolean segmentOut(long elapsed, int count, int phase) {
        return switch (mode) {
            case MODE_INTERRUPT_ON_TERMINAL_COUNT -> elapsed >= count;
            case MODE_RATE_GENERATOR -> elapsed % count != count - 1;
            case MODE_SQUARE_WAVE -> (elapsed + phase) % count < highLength(count);
            case MODE_SOFTWARE_STROBE -> elapsed != count;
            default -> true;
        };
    }

    /** Elapsed clocks since the segment start of the next possible OUT change, or -1 for none. */
    private long segmentNextEdge(long elapsed, int count, int phase) {
        switch (mode) {
            case MODE_INTERRUPT_ON_TERMINAL_COUNT:
                return elapsed < count ? count : -1;
            case MODE_SOFTWARE_STROBE:
                return elapsed < count ? count : elapsed == count ? count + 1 : -1;
            case MODE_RATE_GENERATOR: {
                // A count of 1 is illegal in mode 2 (minimum 2); OUT then just stays where it is.
                if (count == 1) {
                    return -1;
                }
                long position = elapsed % count;
                return position < count - 1 ? elapsed + (count - 1 - position) : elapsed + 1;
            }
            case MODE_SQUARE_WAVE: {
                if (count == 1) {
                    return -1;
                }
                long offset = (elapsed + phase) % count;
                int high = highLength(count);
                return offset < high ? elapsed + (high - offset) : elapsed + (count - offset);
            }
            default:
                return -1;
        }
    }

    private static long offsetOrNever(long start, long elapsed) {
        return elapsed < 0 ? NEVER : start + elapsed;
    }

    /** Mode 3 keeps OUT high for ceil(N/2) clocks and low for floor(N/2). */
    private static int highLength(int count) {
        return (count + 1) / 2;
    }

    /**
     * The mode-3 CE at {@code offset} clocks into a period of {@code count}. Even N: loaded with N and
     * decremented by two, reloaded as each half expires. Odd N (the 8254 datasheet's rule): loaded with
     * N - 1 and decremented by two; the high half lasts one clock past expiry (reading 0 there), the low
     * half ends on expiry.
     */
    private static int squareWaveValue(int offset, int count) {
        int high = highLength(count);
        int intoHalf = offset < high ? offset : offset - high;
        if (count % 2 == 0) {
            return count - 2 * intoHalf;
        }
        return count - 1 - 2 * intoHalf;
    }

    // ---------------------------------------------------------------- number formats

    private int modulus() {
        return bcd ? BCD_MODULUS : BINARY_MODULUS;
    }

    /** The CR as a count: 0 means the modulus. BCD digits above 9 are undefined; taken at face value. */
    private int decodedCount() {
        int value = bcd ? fromBcd(countRegister) % BCD_MODULUS : countRegister;
        return value == 0 ? modulus() : value;
    }

    private int registerValue(int number) {
        return bcd ? toBcd(number) : number & 0xFFFF;
    }

    private static int fromBcd(int digits) {
        return (digits >>> 12 & 0xF) * 1000 + (digits >>> 8 & 0xF) * 100 + (digits >>> 4 & 0xF) * 10
                + (digits & 0xF);
    }

    private static int toBcd(int number) {
        return number / 1000 % 10 << 12 | number / 100 % 10 << 8 | number / 10 % 10 << 4 | number % 10;
    }
}
