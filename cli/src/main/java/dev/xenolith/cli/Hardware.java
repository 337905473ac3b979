package dev.xenolith.cli;

import dev.xenolith.cli.image.CostsSpec;
import dev.xenolith.cli.image.InputSpec;
import dev.xenolith.cli.image.MachineSpec;
import dev.xenolith.devices.board.PcBoard;
import dev.xenolith.devices.board.TimedInput;
import dev.xenolith.devices.uart.SerialSink;
import dev.xenolith.machine.Machine;
import dev.xenolith.machine.cost.CostModel;
import dev.xenolith.machine.time.ClockDomain;
import dev.xenolith.machine.trace.TraceSink;
import java.util.List;
import java.util.Map;

/**
 * The machine and PC board an image describes, built and wired, before any software is installed.
 * {@code apic-timer} and COM1's baud rate are not the board's to apply: every local APIC has its timer
 * (software that must not use it leaves it alone), and a UART runs at whatever divisor its driver
 * programs, so both reach the software through the scenario.
 */
record Hardware(Machine machine, PcBoard board) {

    /** Builds {@code spec} with {@code costs}, tracing into {@code trace} (null: off), COM1 into {@code console}. */
    static Hardware build(MachineSpec spec, CostsSpec costs, TraceSink trace, SerialSink console) {
        Machine machine = Machine.builder()
                .cpus(spec.cpus())
                .cpuClock(ClockDomain.of("cpu", spec.cpuFrequencyHz()))
                .costs(costModel(costs))
                .trace(trace)
                .build();
        PcBoard.Options options = new PcBoard.Options(spec.apicBusFrequencyHz(), spec.tscDeadline(),
                spec.com1Baud() != null, spec.i8042());
        return new Hardware(machine, PcBoard.wire(machine, options, console));
    }

    /** The defaults, or all zero, with the image's overrides on top. */
    static CostModel costModel(CostsSpec costs) {
        CostModel model = costs.zero() ? CostModel.zero() : CostModel.defaults();
        for (Map.Entry<String, Long> override : costs.overrides().entrySet()) {
            model = model.with(override.getKey(), override.getValue());
        }
        return model;
    }

    /**
     * Schedules the image's {@code input:} into the i8042 (keyboard port) and COM1 (the far end of the
     * line); a periodic input without an end stops when the run does, at {@code runEnd}.
     */
    void feed(List<InputSpec> input, long runEnd) {
        TimedInput timed = new TimedInput(machine.events());
        for (int i = 0; i < input.size(); i++) {
            InputSpec in = input.get(i);
            String name = "input" + i + "." + in.device();
            TimedInput.Receiver receiver = receiver(in.device());
            if (in.isPeriodic()) {
                timed.every(name, in.atPicos(), in.everyPicos(), Math.min(in.untilPicos(), runEnd), in.bytes(),
                        receiver);
            } else {
                timed.once(name, in.atPicos(), in.bytes(), receiver);
            }
        }
    }

    private TimedInput.Receiver receiver(String device) {
        switch (device) {
            case "i8042":
                return board.i8042()::receiveKeyboard;
            case "com1":
                return board.com1()::receive;
            default:
                throw new IllegalArgumentException("no input device '" + device + "' on the board");
        }
    }
}
