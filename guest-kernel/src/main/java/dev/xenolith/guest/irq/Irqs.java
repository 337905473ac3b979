package dev.xenolith.guest.irq;

import static dev.xenolith.guest.LinuxFunction.DO_IRQ;
import static dev.xenolith.guest.LinuxFunction.HANDLE_IRQ_EVENT;
import static dev.xenolith.guest.LinuxFunction.HANDLE_LEVEL_IRQ;

import dev.xenolith.guest.LinuxFunction;
import dev.xenolith.machine.cpu.Cpu;
import dev.xenolith.machine.trace.Functions;
import dev.xenolith.machine.trace.TraceEvent;

/**
 * The generic irq layer ({@code kernel/irq/}) as {@code do_IRQ} reaches it: one descriptor per IRQ with its
 * chip, flow handler and the driver's action. On x86_32 2.6.25 every legacy 8259 line ("XT-PIC") uses
 * {@code handle_level_irq}: mask and acknowledge, run the action, unmask. Entering and leaving hardirq
 * context ({@code irq_enter}/{@code irq_exit}) is the caller's part.
 */
public final class Irqs {
    /** i386's {@code NR_IRQS} without an I/O APIC: the 16 legacy lines, then dynamic ones (Xen's events). */
    public static final int NR_IRQS = 224;
    /** The 8259 pair's lines. */
    public static final int NR_LEGACY_IRQS = 16;

    private final Functions<LinuxFunction> fn;
    private final LocalCpu local;
    private final IrqChip[] chips = new IrqChip[NR_IRQS];
    private final IrqHandler[] actions = new IrqHandler[NR_IRQS];
    private final String[] names = new String[NR_IRQS];
    private final long[][] counts;

    public Irqs(Functions<LinuxFunction> fn, LocalCpu local, int cpus) {
        this.fn = fn;
        this.local = local;
        this.counts = new long[cpus][NR_IRQS];
    }

    /** {@code set_irq_chip_and_handler_name(irq, chip, handle_level_irq, ...)}. */
    public void setChip(int irq, IrqChip chip) {
        chips[irq] = chip;
    }

    /** {@code request_irq}: installs the action and unmasks the line. */
    public void requestIrq(Cpu cpu, int irq, String name, IrqHandler handler) {
        if (actions[irq] != null) {
            throw new IllegalStateException("IRQ " + irq + " is already taken by " + names[irq]);
        }
        actions[irq] = handler;
        names[irq] = name;
        chips[irq].unmask(cpu, irq);
    }

    /** {@code do_IRQ}'s call of the descriptor's flow handler. */
    public void doIrq(Cpu cpu, int irq) {
        fn.enter(cpu, DO_IRQ);
        counts[local.smpProcessorId(cpu)][irq]++;
        handleLevelIrq(cpu, irq);
        fn.exit(cpu, DO_IRQ);
    }

    /** Interrupts of {@code irq} taken on {@code cpu} (a column of {@code /proc/interrupts}). */
    public long count(int cpu, int irq) {
        return counts[cpu][irq];
    }

    /** The name the line's driver requested it under, or null. */
    public String name(int irq) {
        return names[irq];
    }

    private void handleLevelIrq(Cpu cpu, int irq) {
        fn.enter(cpu, HANDLE_LEVEL_IRQ);
        IrqChip chip = chips[irq];
        chip.maskAck(cpu, irq);
        IrqHandler action = actions[irq];
        if (action != null) {
            fn.enter(cpu, HANDLE_IRQ_EVENT);
            if (cpu.tracing()) {
                fn.event(cpu, new HandlerEntry(irq, names[irq]));
            }
            action.handle(cpu, irq);
            fn.exit(cpu, HANDLE_IRQ_EVENT);
            chip.unmask(cpu, irq);
        }
        fn.exit(cpu, HANDLE_LEVEL_IRQ);
    }

    /** {@code irq_handler_entry}. */
    record HandlerEntry(int irq, String name) implements TraceEvent {
        @Override
        public String name() {
            return "irq_handler_entry";
        }

        @Override
        public void appendFields(StringBuilder out) {
            out.append("irq=").append(irq).append(" name=").append(name);
        }
    }
}
