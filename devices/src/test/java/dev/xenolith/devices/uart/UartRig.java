package dev.xenolith.devices.uart;

import static dev.xenolith.devices.uart.Uart16550.DLL;
import static dev.xenolith.devices.uart.Uart16550.DLM;
import static dev.xenolith.devices.uart.Uart16550.FCR;
import static dev.xenolith.devices.uart.Uart16550.FCR_ENABLE;
import static dev.xenolith.devices.uart.Uart16550.LCR;
import static dev.xenolith.devices.uart.Uart16550.LCR_DLAB;
import static dev.xenolith.devices.uart.Uart16550.LCR_WORD_8;

import dev.xenolith.machine.bus.IrqLine;
import dev.xenolith.machine.event.IndexedEventQueue;
import java.util.ArrayList;
import java.util.List;

/**
 * A COM1 UART on a bare event queue, driven through its ports the way a driver would, with a recording
 * IRQ line and sink. Simulated time only moves when a test says so, by firing the queue's events.
 */
final class UartRig {
    static final int BASE = Uart16550.COM1_BASE;
    /** 115200 baud 8N1: 160 crystal cycles of 1/1.8432 MHz, rounded up to the picosecond. */
    static final long CHAR_115200_8N1 = 86_805_556L;

    record Sent(int b, long time) {
    }

    final IndexedEventQueue events = new IndexedEventQueue();
    final List<Sent> sent = new ArrayList<>();
    final Uart16550 uart;
    boolean irq;
    int irqRises;
    long now;

    UartRig() {
        this(TransmitPacing.BAUD_RATE);
    }

    UartRig(TransmitPacing pacing) {
        IrqLine line = high -> {
            if (high && !irq) {
                irqRises++;
            }
            irq = high;
        };
        uart = new Uart16550("com1", BASE, events, line, (b, time) -> sent.add(new Sent(b, time)), pacing);
    }

    /** A UART programmed like a Linux console: 115200 baud, 8N1, at time 0. */
    static UartRig at115200() {
        UartRig rig = new UartRig();
        rig.program(1, LCR_WORD_8);
        return rig;
    }

    /** Same, with the FIFOs enabled at trigger level {@code triggerBits}. */
    static UartRig at115200WithFifo(int triggerBits) {
        UartRig rig = at115200();
        rig.out(FCR, FCR_ENABLE | triggerBits);
        return rig;
    }

    void program(int divisor, int lineFormat) {
        out(LCR, LCR_DLAB);
        out(DLL, divisor & 0xFF);
        out(DLM, divisor >>> 8);
        out(LCR, lineFormat);
    }

    int in(int offset) {
        return uart.ioRead(BASE + offset, 1, now);
    }

    void out(int offset, int value) {
        uart.ioWrite(BASE + offset, 1, value, now);
    }

    void write(String text) {
        for (int i = 0; i < text.length(); i++) {
            out(Uart16550.THR, text.charAt(i));
        }
    }

    void receive(String text) {
        for (int i = 0; i < text.length(); i++) {
            uart.receive(text.charAt(i), now);
        }
    }

    /** Fires every event due by {@code time}, then stands at {@code time}. */
    void runUntil(long time) {
        while (events.peek() != null && events.peek().when() <= time) {
            events.fireNext();
        }
        now = time;
    }

    String sentText() {
        StringBuilder text = new StringBuilder();
        for (Sent s : sent) {
            text.append((char) s.b());
        }
        return text.toString();
    }
}
