package dev.xenolith.devices.uart;

import dev.xenolith.machine.bus.IoDevice;
import dev.xenolith.machine.bus.IrqLine;
import dev.xenolith.machine.event.Event;
import dev.xenolith.machine.event.EventPriority;
import dev.xenolith.machine.event.EventQueue;
import dev.xenolith.machine.time.ClockDomain;

/**
 * A National Semiconductor PC16550D / 16550A UART on a PC serial board: eight I/O ports at a base (COM1
 * 0x3F8), 16-byte transmit and receive FIFOs (or the 16450's single holding registers when the FIFOs are
 * off), and an interrupt output gated by MCR.OUT2 onto an ISA IRQ line (COM1 drives IRQ4).
 *
 * <p><b>Timing.</b> Everything runs off the 1.8432 MHz crystal: the divisor latch divides it down to the
 * 16x bit clock, so a character (start bit, 5 to 8 data bits, optional parity, 1, 1.5 or 2 stop bits)
 * lasts {@code 16 x bits x divisor} crystal cycles, rounded up to the picosecond; 115200 baud 8N1 is
 * 86.805 us. The transmitter moves a character from the THR or TX FIFO into the shift register as soon as
 * the shift register is free and hands it to the {@link SerialSink} (or, in loopback, to the receiver)
 * one character time later. Bytes from the outside world ({@link #receive}) queue on the line and each
 * lands in the RX FIFO one character time after the previous one, at the format programmed now: the far
 * end is assumed to be configured like this UART, as a terminal on a console port is.
 *
 * <p><b>Interrupts.</b> INTR is the OR of the enabled pending sources, re-evaluated after every access and
 * every timed change; IIR reports the highest one: receiver line status (OE, PE, FE, BI; cleared by
 * reading LSR), then received data at the trigger level or the character timeout (cleared by reading RBR),
 * then THR empty (cleared by writing THR, or by reading IIR while it is the reported source), then modem
 * status (cleared by reading MSR). The THRE source becomes pending when the THR/TX FIFO becomes empty and
 * when ETBEI goes from 0 to 1 while it is empty, never merely because IER was rewritten, so a driver that
 * keeps ETBEI set gets one interrupt per emptying and no storm. The ISA line is driven only while OUT2 is
 * set, as on PC boards (QEMU does not model this gate; drivers set OUT2, so Xenolith does). Because the
 * datasheet forces the modem-control output pins inactive in loopback, the line stays low in loopback
 * even with OUT2 set, while IIR keeps reporting the chip's interrupts.
 *
 * <p><b>Time of an access.</b> A CPU accesses the ports at its own local time, which runs ahead of the
 * machine's while a kernel path charges cycles. Before each access the UART first runs its own events
 * that are due by then, so a driver polling LSR in a busy loop sees THRE and TEMT come on at the right
 * simulated instants. Invariant: the UART's state is that of {@code clock}, the latest time it has been
 * shown, and each of its pending events lies at or after {@code clock}; an access stamped earlier (another
 * CPU still behind) is taken to happen at {@code clock}, so the device never goes back in time.
 *
 * <p><b>Choices where the references are silent or differ</b> (devices.md B.3, B.6):
 * <ul>
 *   <li>The divisor latch is undefined at power-on; it resets to 12 (9600 baud), the rate QEMU times a
 *       freshly reset UART at. A divisor of 0 counts as 65536, the wrap of the 16-bit counter.</li>
 *   <li>A write to a full TX FIFO is lost and the FIFO keeps its contents, like an RX overrun (QEMU drops
 *       the oldest byte instead). In 16450 mode a write to a full THR overwrites it.</li>
 *   <li>An RX overrun in FIFO mode keeps the FIFO and loses the new character; in 16450 mode the new
 *       character overwrites RBR. Both set OE.</li>
 *   <li>When both the character timeout and the trigger level are pending, IIR reports the timeout (as
 *       QEMU does); both share priority 2 and are cleared by reading RBR.</li>
 *   <li>A break is received as one 0x00 character flagged BI (not also FE).</li>
 * </ul>
 *
 * <p><b>Simplifications.</b> The THR-to-shift-register transfer is instantaneous (the chip takes about a
 * bit time), so the 16550A's deliberately delayed first THRE interrupt in FIFO mode is not modelled. A
 * received character is transferred at the end of its frame rather than in the middle of its first stop
 * bit. There is no flow control by the far end, LCR's break and parity settings do not reach the sink,
 * and the DMA-mode bit and the MSR/LSR write ports have no effect. Accesses wider than a byte are split
 * into byte accesses to consecutive ports, as the ISA bus does for an 8-bit device.
 */
public final class Uart16550 implements IoDevice {
    public static final int COM1_BASE = 0x3F8;
    public static final int COM1_IRQ = 4;
    public static final int COM2_BASE = 0x2F8;
    public static final int COM2_IRQ = 3;
    /** The UART decodes eight consecutive ports from its base. */
    public static final int PORT_COUNT = 8;
    public static final long CRYSTAL_HZ = 1_843_200;

    // Register offsets from the base. RBR, THR and DLL share offset 0; IER and DLM offset 1; IIR and FCR 2.
    static final int RBR = 0;
    static final int THR = 0;
    static final int DLL = 0;
    static final int IER = 1;
    static final int DLM = 1;
    static final int IIR = 2;
    static final int FCR = 2;
    static final int LCR = 3;
    static final int MCR = 4;
    static final int LSR = 5;
    static final int MSR = 6;
    static final int SCR = 7;

    static final int IER_ERBFI = 0x01;
    static final int IER_ETBEI = 0x02;
    static final int IER_ELSI = 0x04;
    static final int IER_EDSSI = 0x08;
    static final int IER_WRITABLE = 0x0F;

    static final int IIR_MODEM_STATUS = 0x00;
    static final int IIR_NONE = 0x01;
    static final int IIR_THR_EMPTY = 0x02;
    static final int IIR_RX_DATA = 0x04;
    static final int IIR_LINE_STATUS = 0x06;
    static final int IIR_RX_TIMEOUT = 0x0C;
    static final int IIR_FIFOS_ENABLED = 0xC0;

    static final int FCR_ENABLE = 0x01;
    static final int FCR_RX_RESET = 0x02;
    static final int FCR_TX_RESET = 0x04;
    static final int FCR_DMA_MODE = 0x08;
    static final int FCR_TRIGGER = 0xC0;
    static final int FCR_TRIGGER_1 = 0x00;
    static final int FCR_TRIGGER_4 = 0x40;
    static final int FCR_TRIGGER_8 = 0x80;
    static final int FCR_TRIGGER_14 = 0xC0;

    static final int LCR_WORD_LENGTH = 0x03;
    static final int LCR_WORD_5 = 0x00;
    static final int LCR_WORD_7 = 0x02;
    static final int LCR_WORD_8 = 0x03;
    static final int LCR_TWO_STOP_BITS = 0x04;
    static final int LCR_PARITY_ENABLE = 0x08;
    static final int LCR_EVEN_PARITY = 0x10;
    static final int LCR_STICK_PARITY = 0x20;
    static final int LCR_BREAK = 0x40;
    static final int LCR_DLAB = 0x80;

    static final int LSR_DR = 0x01;
    static final int LSR_OE = 0x02;
    static final int LSR_PE = 0x04;
    static final int LSR_FE = 0x08;
    static final int LSR_BI = 0x10;
    static final int LSR_THRE = 0x20;
    static final int LSR_TEMT = 0x40;
    static final int LSR_RX_FIFO_ERROR = 0x80;
    /** The sticky LSR bits that raise the receiver-line-status interrupt and that a read of LSR clears. */
    static final int LSR_LINE_ERRORS = LSR_OE | LSR_PE | LSR_FE | LSR_BI;

    static final int FIFO_DEPTH = 16;
    static final int POWER_ON_DIVISOR = 12;
    static final int TIMEOUT_CHARACTERS = 4;

    private static final ClockDomain CRYSTAL = ClockDomain.of("uart-crystal", CRYSTAL_HZ);
    /** A received character keeps its PE, FE and BI flags (at their LSR positions) above its data bits. */
    private static final int FLAGS_SHIFT = 8;
    private static final int CHARACTER_ERRORS = (LSR_PE | LSR_FE | LSR_BI) << FLAGS_SHIFT;
    private static final int[] TRIGGER_LEVELS = {1, 4, 8, 14};
    private static final int LINE_QUEUE_INITIAL = 64;

    private final int base;
    private final EventQueue events;
    private final IrqLine irq;
    private final SerialSink sink;
    private final TransmitPacing pacing;
    private final Event txDone;
    private final Event rxLine;
    private final Event rxTimeout;

    private final CharacterRing txFifo = new CharacterRing(FIFO_DEPTH);
    private final CharacterRing rxFifo = new CharacterRing(FIFO_DEPTH);
    /** Characters the far end has queued on the wire; the head one is being received while rxLine is due. */
    private final CharacterRing line = new CharacterRing(LINE_QUEUE_INITIAL);
    private final ModemLines modem = new ModemLines();

    private int ier;
    private int fcr;
    private int lcr;
    private int scr;
    private int divisor;
    private int lineErrors;
    private boolean rxFifoErrorLatched;
    private boolean thrEmptyPending;
    private boolean timeoutPending;
    private int shiftRegister;
    private int lastReceived;
    private boolean irqHigh;
    private long clock;

    /** A UART whose transmitter runs at the baud rate. */
    public Uart16550(String name, int basePort, EventQueue events, IrqLine irq, SerialSink sink) {
        this(name, basePort, events, irq, sink, TransmitPacing.BAUD_RATE);
    }

    /**
     * @param name     prefix of the UART's event names ("com1")
     * @param basePort first of its {@link #PORT_COUNT} ports, e.g. {@link #COM1_BASE}
     * @param events   the machine's event queue
     * @param irq      the ISA IRQ line the board connects it to, e.g. the PIC's IR{@value #COM1_IRQ}
     * @param sink     where transmitted characters go
     * @param pacing   whether transmission takes character times or is instant
     */
    public Uart16550(String name, int basePort, EventQueue events, IrqLine irq, SerialSink sink,
            TransmitPacing pacing) {
        this.base = basePort;
        this.events = events;
        this.irq = irq;
        this.sink = sink;
        this.pacing = pacing;
        this.txDone = new Event(name + ".tx", EventPriority.DEVICE, this::onTransmitted);
        this.rxLine = new Event(name + ".rx-line", EventPriority.DEVICE, this::onLineCharacter);
        this.rxTimeout = new Event(name + ".rx-timeout", EventPriority.DEVICE, this::onTimeout);
        reset();
    }

    public int basePort() {
        return base;
    }

    /**
     * Power-on state: IER 0, IIR 0x01, FCR 0 (16450 mode), LCR 0, MCR 0, LSR 0x60, MSR 0xB0 (the terminal's
     * inputs), SCR 0, divisor {@value #POWER_ON_DIVISOR}; both FIFOs, the shift registers and the far end's
     * queue empty; no timer pending and the IRQ line low.
     */
    public void reset() {
        events.deschedule(txDone);
        events.deschedule(rxLine);
        events.deschedule(rxTimeout);
        ier = 0;
        fcr = 0;
        lcr = 0;
        scr = 0;
        divisor = POWER_ON_DIVISOR;
        txFifo.resize(1);
        rxFifo.resize(1);
        line.clear();
        modem.reset();
        lineErrors = 0;
        rxFifoErrorLatched = false;
        thrEmptyPending = false;
        timeoutPending = false;
        shiftRegister = 0;
        lastReceived = 0;
        updateIrq();
    }

    /** One character time at the current divisor and line format, in picoseconds (rounded up). */
    public long characterTime() {
        return characterTimes(1);
    }

    /** The far end sends byte {@code b} starting at {@code now}, or after what it has already queued. */
    public void receive(int b, long now) {
        sendFromFarEnd(b & 0xFF, now);
    }

    /** The far end holds the line in the spacing state for a character time: a break. */
    public void receiveBreak(long now) {
        sendFromFarEnd(LSR_BI << FLAGS_SHIFT, now);
    }

    /** The far end sends {@code b}, but it arrives with a bad parity bit and/or a missing stop bit. */
    public void receiveWithErrors(int b, boolean parityError, boolean framingError, long now) {
        int flags = (parityError ? LSR_PE : 0) | (framingError ? LSR_FE : 0);
        sendFromFarEnd((b & 0xFF) | flags << FLAGS_SHIFT, now);
    }

    @Override
    public int ioRead(int port, int size, long now) {
        long t = advanceTo(now);
        int value = 0;
        for (int lane = 0; lane < size; lane++) {
            int offset = port + lane - base;
            int b = offset >= 0 && offset < PORT_COUNT ? readRegister(offset, t) : 0xFF;
            value |= b << (8 * lane);
        }
        updateIrq();
        return value;
    }

    @Override
    public void ioWrite(int port, int size, int value, long now) {
        long t = advanceTo(now);
        for (int lane = 0; lane < size; lane++) {
            int offset = port + lane - base;
            if (offset >= 0 && offset < PORT_COUNT) {
                writeRegister(offset, (value >>> (8 * lane)) & 0xFF, t);
            }
        }
        updateIrq();
    }

    private int readRegister(int offset, long t) {
        return switch (offset) {
            case RBR -> dlab() ? divisor & 0xFF : readRbr(t);
            case IER -> dlab() ? divisor >>> 8 : ier;
            case IIR -> readIir();
            case LCR -> lcr;
            case MCR -> modem.mcr();
            case LSR -> readLsr();
            case MSR -> modem.readMsr();
            case SCR -> scr;
            default -> 0xFF;
        };
    }

    private void writeRegister(int offset, int value, long t) {
        switch (offset) {
            case THR -> {
                if (dlab()) {
                    divisor = (divisor & 0xFF00) | value;
                } else {
                    writeThr(value, t);
                }
            }
            case IER -> {
                if (dlab()) {
                    divisor = (divisor & 0x00FF) | value << 8;
                } else {
                    writeIer(value);
                }
            }
            case FCR -> writeFcr(value);
            // A new format or divisor applies from the next character; one in flight keeps its timing.
            case LCR -> lcr = value;
            case MCR -> modem.writeMcr(value);
            case SCR -> scr = value;
            case LSR, MSR -> {
                // LSR's write port is for factory testing and MSR reflects inputs: writes are ignored.
            }
        }
    }

    // ---- transmitter ----

    private void writeThr(int value, long t) {
        thrEmptyPending = false;
        if (txFifo.isFull()) {
            if (fifoEnabled()) {
                return;
            }
            txFifo.clear();
        }
        txFifo.push(value);
        if (!txDone.isScheduled()) {
            startTransmitting(t);
        }
    }

    /** Moves the next character into the shift register; the holding side may become empty. */
    private void startTransmitting(long t) {
        shiftRegister = txFifo.pop() & wordMask();
        events.schedule(txDone, pacing == TransmitPacing.INSTANT ? t : t + characterTime());
        if (txFifo.isEmpty()) {
            thrEmptyPending = true;
        }
    }

    private void onTransmitted(long now) {
        clock = Math.max(clock, now);
        if (modem.loopback()) {
            receiveCharacter(shiftRegister, now);
        } else {
            sink.transmitted(shiftRegister, now);
        }
        if (!txFifo.isEmpty()) {
            startTransmitting(now);
        }
        updateIrq();
    }

    // ---- receiver ----

    private void sendFromFarEnd(int character, long now) {
        long t = advanceTo(now);
        line.pushGrowing(character);
        if (!rxLine.isScheduled()) {
            events.schedule(rxLine, t + characterTime());
        }
        updateIrq();
    }

    private void onLineCharacter(long now) {
        clock = Math.max(clock, now);
        int character = line.pop();
        // In loopback the receiver listens to the transmitter only; what the far end sends is lost.
        if (!modem.loopback()) {
            receiveCharacter(character, now);
        }
        if (!line.isEmpty()) {
            events.schedule(rxLine, now + characterTime());
        }
        updateIrq();
    }

    /** A character has been assembled in the receive shift register. */
    private void receiveCharacter(int character, long t) {
        int received = character & (CHARACTER_ERRORS | wordMask());
        if (rxFifo.isFull()) {
            lineErrors |= LSR_OE;
            if (fifoEnabled()) {
                restartTimeout(t);
                return;
            }
            rxFifo.clear();
        }
        rxFifo.push(received);
        if (rxFifo.size() == 1) {
            revealErrors(received);
        }
        if (fifoEnabled() && (received & CHARACTER_ERRORS) != 0) {
            rxFifoErrorLatched = true;
        }
        restartTimeout(t);
    }

    private int readRbr(long t) {
        if (rxFifo.isEmpty()) {
            // Nothing new: RBR still holds the character read last.
            return lastReceived;
        }
        lastReceived = rxFifo.pop() & 0xFF;
        timeoutPending = false;
        if (!rxFifo.isEmpty()) {
            revealErrors(rxFifo.peek());
        }
        restartTimeout(t);
        return lastReceived;
    }

    /** A character's PE, FE and BI show in LSR once it is the next one RBR will return. */
    private void revealErrors(int character) {
        lineErrors |= (character & CHARACTER_ERRORS) >>> FLAGS_SHIFT;
    }

    /** The 4-character timer runs while the FIFO holds data; any arrival or read starts it again. */
    private void restartTimeout(long t) {
        if (fifoEnabled() && !rxFifo.isEmpty()) {
            events.reschedule(rxTimeout, t + characterTimes(TIMEOUT_CHARACTERS));
        } else {
            events.deschedule(rxTimeout);
        }
    }

    private void onTimeout(long now) {
        clock = Math.max(clock, now);
        timeoutPending = fifoEnabled() && !rxFifo.isEmpty();
        updateIrq();
    }

    // ---- status and control ----

    private int readLsr() {
        boolean holdingEmpty = txFifo.isEmpty();
        int value = lineErrors
                | (rxFifo.isEmpty() ? 0 : LSR_DR)
                | (holdingEmpty ? LSR_THRE : 0)
                | (holdingEmpty && !txDone.isScheduled() ? LSR_TEMT : 0)
                | (rxFifoErrorLatched ? LSR_RX_FIFO_ERROR : 0);
        lineErrors = 0;
        // Bit 7 outlives the read while erroneous characters are still waiting in the FIFO.
        rxFifoErrorLatched = fifoEnabled() && rxFifo.anyHas(CHARACTER_ERRORS);
        return value;
    }

    private int readIir() {
        int id = interruptId();
        if (id == IIR_THR_EMPTY) {
            thrEmptyPending = false;
        }
        return id | (fifoEnabled() ? IIR_FIFOS_ENABLED : 0);
    }

    private void writeIer(int value) {
        int enabled = value & IER_WRITABLE & ~ier;
        ier = value & IER_WRITABLE;
        if ((enabled & IER_ETBEI) != 0 && txFifo.isEmpty()) {
            thrEmptyPending = true;
        }
    }

    /** FCR[0] gates the other bits; toggling it empties both FIFOs, as the RX and TX resets do. */
    private void writeFcr(int value) {
        boolean enable = (value & FCR_ENABLE) != 0;
        boolean toggled = enable != fifoEnabled();
        fcr = enable ? value & (FCR_ENABLE | FCR_DMA_MODE | FCR_TRIGGER) : 0;
        if (toggled || enable && (value & FCR_RX_RESET) != 0) {
            resetReceiveFifo();
        }
        if (toggled || enable && (value & FCR_TX_RESET) != 0) {
            resetTransmitFifo();
        }
    }

    /** Empties the RX FIFO, taking its errors along; the shift register and LSR[4:1] are untouched. */
    private void resetReceiveFifo() {
        rxFifo.resize(fifoEnabled() ? FIFO_DEPTH : 1);
        rxFifoErrorLatched = false;
        timeoutPending = false;
        events.deschedule(rxTimeout);
    }

    /** Empties the TX FIFO, which counts as becoming empty; the character being shifted out goes on. */
    private void resetTransmitFifo() {
        txFifo.resize(fifoEnabled() ? FIFO_DEPTH : 1);
        thrEmptyPending = true;
    }

    /** The IIR identification of the highest-priority source that is both pending and enabled. */
    private int interruptId() {
        if ((ier & IER_ELSI) != 0 && (lineErrors & LSR_LINE_ERRORS) != 0) {
            return IIR_LINE_STATUS;
        }
        if ((ier & IER_ERBFI) != 0 && timeoutPending) {
            return IIR_RX_TIMEOUT;
        }
        if ((ier & IER_ERBFI) != 0 && rxFifo.size() >= triggerLevel()) {
            return IIR_RX_DATA;
        }
        if ((ier & IER_ETBEI) != 0 && thrEmptyPending) {
            return IIR_THR_EMPTY;
        }
        if ((ier & IER_EDSSI) != 0 && modem.changePending()) {
            return IIR_MODEM_STATUS;
        }
        return IIR_NONE;
    }

    private void updateIrq() {
        boolean high = modem.out2Pin() && interruptId() != IIR_NONE;
        if (high != irqHigh) {
            irqHigh = high;
            irq.set(high);
        }
    }

    // ---- time ----

    /** Runs this UART's events that are due by {@code now}, in time order; returns the access's time. */
    private long advanceTo(long now) {
        for (Event due = earliestDue(now); due != null; due = earliestDue(now)) {
            long when = due.when();
            events.deschedule(due);
            if (due == txDone) {
                onTransmitted(when);
            } else if (due == rxLine) {
                onLineCharacter(when);
            } else {
                onTimeout(when);
            }
        }
        clock = Math.max(clock, now);
        return clock;
    }

    private Event earliestDue(long now) {
        return earlier(earlier(dueBy(txDone, now), dueBy(rxLine, now)), dueBy(rxTimeout, now));
    }

    private static Event dueBy(Event event, long now) {
        return event.isScheduled() && event.when() <= now ? event : null;
    }

    private static Event earlier(Event a, Event b) {
        if (a == null) {
            return b;
        }
        return b == null || a.when() <= b.when() ? a : b;
    }

    private long characterTimes(int characters) {
        int dataBits = 5 + (lcr & LCR_WORD_LENGTH);
        int parityBits = (lcr & LCR_PARITY_ENABLE) != 0 ? 1 : 0;
        // Stop bits in sixteenths of a bit: 1, or 1.5 with 5-bit words and 2 otherwise when LCR[2] is set.
        int stopSixteenths = (lcr & LCR_TWO_STOP_BITS) == 0 ? 16 : dataBits == 5 ? 24 : 32;
        long sixteenths = 16L * (1 + dataBits + parityBits) + stopSixteenths;
        long cycles = sixteenths * (divisor == 0 ? 0x10000 : divisor) * characters;
        return CRYSTAL.timeOf(cycles);
    }

    private int wordMask() {
        return (1 << (5 + (lcr & LCR_WORD_LENGTH))) - 1;
    }

    private int triggerLevel() {
        return fifoEnabled() ? TRIGGER_LEVELS[(fcr & FCR_TRIGGER) >>> 6] : 1;
    }

    private boolean fifoEnabled() {
        return (fcr & FCR_ENABLE) != 0;
    }

    private boolean dlab() {
        return (lcr & LCR_DLAB) != 0;
    }
}
