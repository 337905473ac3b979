package dev.xenolith.cli;

import dev.xenolith.cli.image.CostsSpec;
import dev.xenolith.cli.image.MachineSpec;
import dev.xenolith.cli.image.RunSpec;
import dev.xenolith.cli.image.Scenario;
import dev.xenolith.cli.image.SourcePos;
import dev.xenolith.cli.stats.RunStats;
import dev.xenolith.devices.board.PcBoard;
import dev.xenolith.devices.board.TimerDemoFirmware;
import dev.xenolith.machine.Machine;
import dev.xenolith.machine.cpu.Cpu;
import dev.xenolith.machine.time.Picos;
import java.util.List;
import java.util.Map;

/**
 * The built-in {@code bare-metal} image: the standard PC board with four CPUs and the demonstration
 * firmware ({@link TimerDemoFirmware}), no hypervisor and no kernel. It runs one simulated second unless
 * told otherwise. The firmware never switches contexts and has no domains.
 */
final class BareMetal implements BootedSystem {
    static final String NAME = "bare-metal";
    private static final long APIC_BUS_HZ = 100_000_000L;
    private static final int APIC_TIMER_HZ = 1000;

    static BootImage image() {
        SourcePos pos = SourcePos.wholeFile(NAME);
        MachineSpec machine = new MachineSpec(4, 2_000_000_000L, APIC_BUS_HZ, true, true, 115_200, true, pos);
        return new BootImage(NAME, machine, new CostsSpec(false, Map.of(), pos), List.of(),
                new RunSpec(Picos.PER_SECOND, 1, List.of(), pos), null, new BareMetal());
    }

    @Override
    public void install(Machine machine, PcBoard board, Scenario scenario) {
        TimerDemoFirmware firmware = new TimerDemoFirmware(machine, APIC_BUS_HZ, APIC_TIMER_HZ,
                "Xenolith bare-metal demo: " + machine.cpuCount() + " CPUs, APIC timers at 1 kHz, PIT at 100 Hz\r\n");
        if (machine.traceSink() != null) {
            TracedGates.wrap(machine);
        }
        machine.cpu(0).powerOn(firmware);
    }

    @Override
    public int timerVector() {
        return TimerDemoFirmware.TIMER_VECTOR;
    }

    @Override
    public long contextSwitches(Cpu cpu) {
        return 0;
    }

    @Override
    public List<RunStats.DomainStats> domains(List<RunStats.CpuStats> cpus) {
        return List.of();
    }
}
