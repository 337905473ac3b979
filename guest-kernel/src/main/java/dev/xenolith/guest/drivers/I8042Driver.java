package dev.xenolith.guest.drivers;

import static dev.xenolith.guest.LinuxFunction.I8042_INTERRUPT;
import static dev.xenolith.guest.LinuxFunction.SERIO_INTERRUPT;

import dev.xenolith.guest.LinuxFunction;
import dev.xenolith.guest.irq.Irqs;
import dev.xenolith.machine.cpu.Cpu;
import dev.xenolith.machine.trace.Functions;

/**
 * {@code drivers/input/serio/i8042.c} for the keyboard port, with {@code serio_raw} bound to its serio port
 * (as {@code echo -n serio_raw > /sys/bus/serio/devices/serio0/drvctl} does, since serio_raw binds only
 * manually): the controller's command byte is set to interrupt on keyboard data, and each IRQ1 reads the
 * status and the data byte and passes it on through {@code serio_interrupt}. The aux port is left alone.
 */
public final class I8042Driver {
    public static final int KBD_IRQ = 1;
    private static final int DATA = 0x60;
    private static final int STATUS = 0x64;
    private static final int STR_OBF = 0x01;
    private static final int STR_AUXDATA = 0x20;
    private static final int CMD_CTL_RCTR = 0x20;
    private static final int CMD_CTL_WCTR = 0x60;
    private static final int CTR_KBDINT = 0x01;
    private static final int CTR_KBDDIS = 0x10;

    private final Functions<LinuxFunction> fn;
    private final SerioRaw serioRaw;

    public I8042Driver(Functions<LinuxFunction> fn, SerioRaw serioRaw) {
        this.fn = fn;
        this.serioRaw = serioRaw;
    }

    /** {@code i8042_controller_init} and {@code request_irq(1, i8042_interrupt)}. */
    public void init(Cpu cpu, Irqs irqs) {
        cpu.outb(STATUS, CMD_CTL_RCTR);
        int ctr = cpu.inb(DATA);
        cpu.outb(STATUS, CMD_CTL_WCTR);
        cpu.outb(DATA, (ctr | CTR_KBDINT) & ~CTR_KBDDIS);
        irqs.requestIrq(cpu, KBD_IRQ, "i8042", this::interrupt);
    }

    /** {@code i8042_interrupt}: one byte per interrupt; a keyboard byte goes to the bound serio driver. */
    private boolean interrupt(Cpu cpu, int irq) {
        fn.enter(cpu, I8042_INTERRUPT);
        int status = cpu.inb(STATUS);
        boolean handled = (status & STR_OBF) != 0;
        if (handled) {
            cpu.inb(DATA); // reading the byte takes it out of the controller and drops IRQ1
            if ((status & STR_AUXDATA) == 0) {
                fn.enter(cpu, SERIO_INTERRUPT);
                serioRaw.interrupt(cpu);
                fn.exit(cpu, SERIO_INTERRUPT);
            }
        }
        fn.exit(cpu, I8042_INTERRUPT);
        return handled;
    }
}
