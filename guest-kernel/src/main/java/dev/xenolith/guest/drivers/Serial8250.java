package dev.xenolith.guest.drivers;

import static dev.xenolith.guest.LinuxFunction.N_TTY_RECEIVE_BUF;
import static dev.xenolith.guest.LinuxFunction.READ_CHAN;
import static dev.xenolith.guest.LinuxFunction.RECEIVE_CHARS;
import static dev.xenolith.guest.LinuxFunction.SERIAL8250_CONSOLE_WRITE;
import static dev.xenolith.guest.LinuxFunction.SERIAL8250_HANDLE_PORT;
import static dev.xenolith.guest.LinuxFunction.SERIAL8250_INTERRUPT;
import static dev.xenolith.guest.LinuxFunction.TTY_FLIP_BUFFER_PUSH;
import static dev.xenolith.guest.LinuxFunction.UART_WRITE;

import dev.xenolith.guest.LinuxFunction;
import dev.xenolith.guest.irq.Irqs;
import dev.xenolith.guest.sched.Sched;
import dev.xenolith.guest.wait.WaitQueueEntry;
import dev.xenolith.guest.wait.WaitQueueHead;
import dev.xenolith.machine.cpu.Cpu;
import dev.xenolith.machine.time.Picos;
import dev.xenolith.machine.trace.Functions;
import java.util.function.BooleanSupplier;

/**
 * {@code drivers/serial/8250.c} for COM1 (ttyS0) with the tty layer above it. The console
 * ({@code serial8250_console_write}) polls LSR for THRE before each character and turns {@code \n} into
 * {@code \r\n}, so printing takes the time the line takes. Received characters raise IRQ4:
 * {@code serial8250_interrupt} → {@code serial8250_handle_port} → {@code receive_chars} → the flip buffer →
 * {@code n_tty_receive_buf}, which wakes readers sleeping in {@code read_chan}.
 *
 * <p>Simplified: the port is opened raw (non-canonical, VMIN 1: a read returns as soon as a byte is there)
 * and with {@code low_latency}, so the flip buffer is pushed to the line discipline in the interrupt rather
 * than one jiffy later from keventd; {@code write(2)} goes out like the console, polled, without the
 * transmit interrupt.
 */
public final class Serial8250 implements CharDevice {
    public static final int IRQ = 4;
    private static final int BASE = 0x3F8;
    private static final int RBR_THR = 0;
    private static final int IER = 1;
    private static final int IIR_FCR = 2;
    private static final int LCR = 3;
    private static final int MCR = 4;
    private static final int LSR = 5;
    private static final int LCR_DLAB = 0x80;
    private static final int LCR_WLEN8 = 0x03;
    private static final int FCR_ENABLE_FIFO_CLEAR = 0x07;
    private static final int MCR_DTR_RTS_OUT2 = 0x0B;
    private static final int IER_RDI = 0x01;
    private static final int IIR_NO_INT = 0x01;
    private static final int LSR_DR = 0x01;
    private static final int LSR_THRE = 0x20;
    private static final int PASS_LIMIT = 256;
    private static final int N_TTY_BUF_SIZE = 4096;
    private static final int XMITR_TIMEOUT = 10_000;

    private final Functions<LinuxFunction> fn;
    private final Sched sched;
    private final WaitQueueHead readWait;
    private int readCnt;
    private final BooleanSupplier inputAvailable = () -> readCnt > 0;
    private final int divisor;

    public Serial8250(Functions<LinuxFunction> fn, Sched sched, int baud) {
        this.fn = fn;
        this.sched = sched;
        this.readWait = new WaitQueueHead(fn, sched);
        this.divisor = 115_200 / baud;
    }

    @Override
    public String name() {
        return "ttyS0";
    }

    /** {@code serial8250_console_setup}: rate and 8N1, FIFOs on, interrupts off until the port is opened. */
    public void consoleSetup(Cpu cpu) {
        cpu.outb(BASE + LCR, LCR_DLAB);
        cpu.outb(BASE + RBR_THR, divisor & 0xFF);
        cpu.outb(BASE + IER, divisor >>> 8);
        cpu.outb(BASE + LCR, LCR_WLEN8);
        cpu.outb(BASE + IIR_FCR, FCR_ENABLE_FIFO_CLEAR);
        cpu.outb(BASE + IER, 0);
    }

    /** {@code serial8250_startup} when ttyS0 is opened: OUT2 gates IRQ4 to the PIC, receive interrupts on. */
    public void startup(Cpu cpu, Irqs irqs) {
        irqs.requestIrq(cpu, IRQ, "serial", this::interrupt);
        cpu.outb(BASE + MCR, MCR_DTR_RTS_OUT2);
        cpu.outb(BASE + IER, IER_RDI);
    }

    /** {@code serial8250_console_write}: the console's printk output, polled. */
    public void consoleWrite(Cpu cpu, CharSequence text) {
        fn.enter(cpu, SERIAL8250_CONSOLE_WRITE);
        int ier = cpu.inb(BASE + IER);
        cpu.outb(BASE + IER, 0);
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '\n') {
                putChar(cpu, '\r');
            }
            putChar(cpu, c);
        }
        waitForXmitr(cpu);
        cpu.outb(BASE + IER, ier);
        fn.exit(cpu, SERIAL8250_CONSOLE_WRITE);
    }

    @Override
    public int write(Cpu cpu, byte[] bytes) {
        fn.enter(cpu, UART_WRITE);
        for (byte b : bytes) {
            putChar(cpu, b & 0xFF);
        }
        fn.exit(cpu, UART_WRITE);
        return bytes.length;
    }

    /** {@code read_chan} in raw mode: wait for input, then copy what there is, up to the count. */
    @Override
    public int read(Cpu cpu, WaitQueueEntry wait, int count, boolean resumed) {
        fn.enter(cpu, READ_CHAN);
        int copied = CharDevice.awaitData(cpu, sched, readWait, wait, inputAvailable, resumed);
        if (copied == 0) {
            copied = Math.min(count, readCnt);
            readCnt -= copied;
        }
        fn.exit(cpu, READ_CHAN);
        return copied;
    }

    /** Characters received and not yet read. */
    public int buffered() {
        return readCnt;
    }

    /** {@code serial8250_interrupt}: service the port until IIR says nothing is pending. */
    private boolean interrupt(Cpu cpu, int irq) {
        fn.enter(cpu, SERIAL8250_INTERRUPT);
        boolean handled = false;
        for (int pass = 0; pass < PASS_LIMIT && (cpu.inb(BASE + IIR_FCR) & IIR_NO_INT) == 0; pass++) {
            handlePort(cpu);
            handled = true;
        }
        fn.exit(cpu, SERIAL8250_INTERRUPT);
        return handled;
    }

    private void handlePort(Cpu cpu) {
        fn.enter(cpu, SERIAL8250_HANDLE_PORT);
        int lsr = cpu.inb(BASE + LSR);
        if ((lsr & LSR_DR) != 0) {
            receiveChars(cpu, lsr);
        }
        fn.exit(cpu, SERIAL8250_HANDLE_PORT);
    }

    /** {@code receive_chars} into the flip buffer, then {@code tty_flip_buffer_push} with low_latency. */
    private void receiveChars(Cpu cpu, int lsr) {
        fn.enter(cpu, RECEIVE_CHARS);
        int received = 0;
        int status = lsr;
        while ((status & LSR_DR) != 0 && received < PASS_LIMIT) {
            cpu.inb(BASE + RBR_THR); // task programs only count what they read: n_tty keeps the count
            if (readCnt < N_TTY_BUF_SIZE - 1) {
                readCnt++;
            }
            received++;
            status = cpu.inb(BASE + LSR);
        }
        fn.enter(cpu, TTY_FLIP_BUFFER_PUSH);
        fn.enter(cpu, N_TTY_RECEIVE_BUF);
        if (readCnt > 0) {
            readWait.wakeUpInterruptible(cpu);
        }
        fn.exit(cpu, N_TTY_RECEIVE_BUF);
        fn.exit(cpu, TTY_FLIP_BUFFER_PUSH);
        fn.exit(cpu, RECEIVE_CHARS);
    }

    private void putChar(Cpu cpu, int c) {
        waitForXmitr(cpu);
        cpu.outb(BASE + RBR_THR, c);
    }

    /**
     * {@code wait_for_xmitr}: poll LSR until the transmit holding register is free, {@code udelay(1)} between
     * polls, giving up after 10000 (a stuck UART must not hang the console).
     */
    private static void waitForXmitr(Cpu cpu) {
        long microsecond = cpu.clock().cyclesIn(Picos.PER_MICROSECOND);
        for (int tries = 0; tries < XMITR_TIMEOUT && (cpu.inb(BASE + LSR) & LSR_THRE) == 0; tries++) {
            cpu.charge(microsecond);
        }
    }
}
