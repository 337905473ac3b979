package dev.xenolith.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.xenolith.cli.image.CostsSpec;
import dev.xenolith.cli.image.InputSpec;
import dev.xenolith.cli.image.MachineSpec;
import dev.xenolith.cli.image.SourcePos;
import dev.xenolith.devices.i8042.I8042;
import dev.xenolith.guest.LinuxFunction;
import dev.xenolith.hypervisor.XenFunction;
import dev.xenolith.machine.cost.CostModel;
import dev.xenolith.machine.cost.HardwareCost;
import dev.xenolith.machine.time.Picos;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

final class HardwareTest {
    private static final SourcePos POS = SourcePos.wholeFile("test");
    private static final MachineSpec TWO_CPUS = new MachineSpec(2, 3_000_000_000L, 50_000_000L, true, false, 57_600,
            true, POS);

    @Test
    void machineHasTheImagesCpusClockAndDevices() {
        Hardware hardware = Hardware.build(TWO_CPUS, new CostsSpec(false, Map.of(), POS), null, (b, t) -> { });
        assertThat(hardware.machine().cpuCount()).isEqualTo(2);
        assertThat(hardware.machine().cpu(1).clock().hertz()).isEqualTo(3_000_000_000L);
        assertThat(hardware.board().com1()).isNotNull();
        assertThat(hardware.board().i8042()).isNotNull();

        MachineSpec bare = new MachineSpec(1, 2_000_000_000L, 100_000_000L, true, true, null, false, POS);
        Hardware without = Hardware.build(bare, new CostsSpec(false, Map.of(), POS), null, (b, t) -> { });
        assertThat(without.board().com1()).isNull();
        assertThat(without.board().i8042()).isNull();
    }

    @Test
    void costOverridesApplyOnTheDefaultsOrOnZero() {
        assertThat(Hardware.costModel(new CostsSpec(false, Map.of("iret", 7L), POS)).cycles(HardwareCost.IRET))
                .isEqualTo(7);
        assertThat(Hardware.costModel(new CostsSpec(false, Map.of(), POS)).cycles(HardwareCost.IRET))
                .isEqualTo(HardwareCost.IRET.defaultCycles());
        assertThat(Hardware.costModel(new CostsSpec(true, Map.of(), POS)).cycles(HardwareCost.PORT_IO)).isZero();
        assertThat(Hardware.costModel(new CostsSpec(true, Map.of("port_io", 9L), POS)).cycles(HardwareCost.PORT_IO))
                .isEqualTo(9);
    }

    /** docs/costs.md says so: an override is by name, so a name both Xen and the guest declare is set in both. */
    @Test
    void anOverrideOfANameTwoLayersDeclare_setsBoth() {
        CostModel model = Hardware.costModel(new CostsSpec(false, Map.of("do_IRQ", 100L), POS));
        assertThat(model.cycles(XenFunction.DO_IRQ)).isEqualTo(100);
        assertThat(model.cycles(LinuxFunction.DO_IRQ)).isEqualTo(100);
        assertThat(model.cycles(LinuxFunction.SCHEDULE)).isEqualTo(LinuxFunction.SCHEDULE.defaultCycles());
        assertThat(new XenolithCatalog().costs()).contains("do_IRQ", "schedule", "serio_raw_interrupt");
    }

    @Test
    void inputArrivesAtTheI8042OnTime() {
        Hardware hardware = Hardware.build(TWO_CPUS, new CostsSpec(false, Map.of(), POS), null, (b, t) -> { });
        long at = Picos.ofMillis(3);
        hardware.feed(List.of(new InputSpec(at, 0, at, "i8042", new byte[] {0x1c}, POS)), Picos.ofMillis(10));
        I8042 i8042 = hardware.board().i8042();

        hardware.machine().runUntil(at - 1);
        assertThat(i8042.ioRead(I8042.STATUS_PORT, 1, at - 1) & 1).as("output buffer full").isZero();
        hardware.machine().runUntil(at);
        assertThat(i8042.ioRead(I8042.STATUS_PORT, 1, at) & 1).isEqualTo(1);
        assertThat(i8042.ioRead(I8042.DATA_PORT, 1, at)).isEqualTo(0x1c);
    }

    @Test
    void periodicInputWithoutEnd_stopsWithTheRun() {
        Hardware hardware = Hardware.build(TWO_CPUS, new CostsSpec(false, Map.of(), POS), null, (b, t) -> { });
        long period = Picos.ofMillis(1);
        hardware.feed(List.of(new InputSpec(period, period, Long.MAX_VALUE, "i8042", new byte[] {0x1c}, POS)),
                Picos.ofMillis(5));
        hardware.machine().runUntil(Picos.ofMillis(50));
        I8042 i8042 = hardware.board().i8042();
        int bytes = 0;
        while ((i8042.ioRead(I8042.STATUS_PORT, 1, 0) & 1) != 0) {
            i8042.ioRead(I8042.DATA_PORT, 1, 0);
            bytes++;
        }
        assertThat(bytes).as("one byte a millisecond from 1 ms to the run's end at 5 ms").isEqualTo(5);
    }
}
