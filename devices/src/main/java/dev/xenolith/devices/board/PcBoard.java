package dev.xenolith.devices.board;

import dev.xenolith.devices.apic.ApicBus;
import dev.xenolith.devices.apic.LocalApic;
import dev.xenolith.devices.i8042.I8042;
import dev.xenolith.devices.pic.I8259Pair;
import dev.xenolith.devices.pit.Pit8254;
import dev.xenolith.devices.uart.SerialSink;
import dev.xenolith.devices.uart.Uart16550;
import dev.xenolith.machine.Machine;
import dev.xenolith.machine.cost.HardwareCost;
import dev.xenolith.machine.cpu.Cpu;
import dev.xenolith.machine.cpu.InterruptController;
import dev.xenolith.machine.time.ClockDomain;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * The standard PC this emulator builds: every CPU with its local APIC on one APIC bus (APIC ID = CPU
 * number, CPU 0 the bootstrap processor), the 8259A pair in virtual-wire mode into CPU 0's LINT0, the
 * i8254 PIT on IRQ0, the i8042 on IRQ1 and IRQ12, and COM1 (16550A at 0x3F8) on IRQ4. Software reaches
 * all of it only through ports, MMIO and MSRs. The wiring order matters once: the PIT raises IRQ0 at power
 * on, so the PIC it drives is built first.
 */
public final class PcBoard {
    /** What varies between boards: the APIC bus clock, TSC-deadline support, COM1's presence, the i8042's. */
    public record Options(long apicBusHz, boolean tscDeadline, boolean com1, boolean i8042) {
        public static Options standard() {
            return new Options(100_000_000L, true, true, true);
        }
    }

    private final List<LocalApic> apics = new ArrayList<>();
    private final ApicBus apicBus;
    private final I8259Pair pic;
    private final Pit8254 pit;
    private final Uart16550 com1;
    private final I8042 i8042;
    private boolean picInterruptLevel;

    private PcBoard(Machine machine, Options options, SerialSink console) {
        ClockDomain busClock = ClockDomain.of("apic-bus", options.apicBusHz());
        Cpu bsp = machine.cpu(0);
        long ipiLatency = bsp.clock().timeOf(machine.costs().cycles(HardwareCost.IPI_LATENCY));
        apicBus = new ApicBus(machine.events(), busClock, ipiLatency);
        for (Cpu cpu : machine.cpus()) {
            LocalApic apic = new LocalApic(apicBus, cpu.id(), cpu.id() == 0, cpu, cpu.clock(), options.tscDeadline());
            cpu.attach(apic);
            cpu.attachMsrs(apic);
            cpu.mapLocalMmio(apic.baseAddress(), LocalApic.WINDOW_SIZE, apic);
            apics.add(apic);
        }
        LocalApic bspApic = apics.get(0);
        pic = new I8259Pair(high -> {
            picInterruptLevel = high;
            bspApic.lint0().set(high);
        });
        bspApic.connectExtInt(new InterruptController() {
            @Override
            public boolean hasInterrupt() {
                return picInterruptLevel;
            }

            @Override
            public int acknowledge() {
                return pic.interruptAcknowledge();
            }
        });
        machine.bus().mapIo(I8259Pair.MASTER_COMMAND, 2, pic);
        machine.bus().mapIo(I8259Pair.SLAVE_COMMAND, 2, pic);
        machine.bus().mapIo(I8259Pair.ELCR_MASTER, 2, pic);

        pit = new Pit8254(machine.events(), pic.irq(0));
        machine.bus().mapIo(Pit8254.BASE_PORT, Pit8254.PORT_COUNT, pit);

        com1 = options.com1()
                ? new Uart16550("com1", Uart16550.COM1_BASE, machine.events(), pic.irq(Uart16550.COM1_IRQ), console)
                : null;
        if (com1 != null) {
            machine.bus().mapIo(com1.basePort(), Uart16550.PORT_COUNT, com1);
        }
        i8042 = options.i8042() ? new I8042(pic.irq(1), pic.irq(12)) : null;
        if (i8042 != null) {
            machine.bus().mapIo(I8042.DATA_PORT, 1, i8042);
            machine.bus().mapIo(I8042.STATUS_PORT, 1, i8042);
        }
    }

    /** Builds the board around {@code machine}'s CPUs; COM1's transmitted characters go to {@code console}. */
    public static PcBoard wire(Machine machine, Options options, SerialSink console) {
        return new PcBoard(machine, options, console);
    }

    public LocalApic apic(int cpu) {
        return apics.get(cpu);
    }

    public List<LocalApic> apics() {
        return Collections.unmodifiableList(apics);
    }

    public I8259Pair pic() {
        return pic;
    }

    public Pit8254 pit() {
        return pit;
    }

    /** COM1, or null on a board without it. */
    public Uart16550 com1() {
        return com1;
    }

    /** The PS/2 controller, or null on a board without it. */
    public I8042 i8042() {
        return i8042;
    }
}
