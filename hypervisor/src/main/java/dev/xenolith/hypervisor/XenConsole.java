package dev.xenolith.hypervisor;

import dev.xenolith.hypervisor.domain.Domain;
import dev.xenolith.machine.cpu.Cpu;

/**
 * Xen's serial console on COM1 ({@code serial.c}, {@code console.c}): the UART is set to 115200 8N1 with
 * FIFOs and no interrupts, and every character is written by polling LSR for THRE, so printing takes the
 * time the line takes. Xen's own lines start with {@code (XEN) }; a guest's {@code console_io} output is
 * prefixed with its domain, {@code (d1) }, at each line start.
 */
final class XenConsole {
    private static final int COM1 = 0x3F8;
    private static final int THR = 0;
    private static final int DLL = 0;
    private static final int DLM = 1;
    private static final int IER = 1;
    private static final int FCR = 2;
    private static final int LCR = 3;
    private static final int MCR = 4;
    private static final int LSR = 5;
    private static final int LCR_DLAB = 0x80;
    private static final int LCR_8N1 = 0x03;
    private static final int FCR_ENABLE_CLEAR = 0x07;
    private static final int MCR_DTR_RTS = 0x03;
    private static final int LSR_THRE = 0x20;

    private final boolean present;
    private final int divisor;
    private final boolean[] atLineStart = new boolean[Domain.IDLE_DOMAIN_ID + 1];

    /** @param baud the line rate, or 0 for a machine without COM1 (output is then dropped) */
    XenConsole(int baud) {
        this.present = baud > 0;
        this.divisor = present ? 115_200 / baud : 0;
        java.util.Arrays.fill(atLineStart, true);
    }

    /** {@code ns16550_init}: rate, format, FIFOs, no interrupts. */
    void init(Cpu cpu) {
        if (!present) {
            return;
        }
        cpu.outb(COM1 + LCR, LCR_DLAB);
        cpu.outb(COM1 + DLL, divisor & 0xFF);
        cpu.outb(COM1 + DLM, divisor >>> 8);
        cpu.outb(COM1 + LCR, LCR_8N1);
        cpu.outb(COM1 + IER, 0);
        cpu.outb(COM1 + FCR, FCR_ENABLE_CLEAR);
        cpu.outb(COM1 + MCR, MCR_DTR_RTS);
    }

    /** {@code printk}: one line of Xen's own, with its prefix. */
    void printk(Cpu cpu, String line) {
        puts(cpu, "(XEN) ");
        puts(cpu, line);
        putc(cpu, '\n');
    }

    /** {@code console_io(CONSOLEIO_write)} from {@code domain}. */
    void guestWrite(Cpu cpu, Domain domain, CharSequence text) {
        for (int i = 0; i < text.length(); i++) {
            if (atLineStart[domain.id()]) {
                puts(cpu, "(d" + domain.id() + ") ");
                atLineStart[domain.id()] = false;
            }
            char c = text.charAt(i);
            putc(cpu, c);
            if (c == '\n') {
                atLineStart[domain.id()] = true;
            }
        }
    }

    private void puts(Cpu cpu, CharSequence text) {
        for (int i = 0; i < text.length(); i++) {
            putc(cpu, text.charAt(i));
        }
    }

    private void putc(Cpu cpu, char c) {
        if (!present) {
            return;
        }
        while ((cpu.inb(COM1 + LSR) & LSR_THRE) == 0) {
            // spin: each poll is a port read that advances this CPU's clock
        }
        cpu.outb(COM1 + THR, c);
    }
}
