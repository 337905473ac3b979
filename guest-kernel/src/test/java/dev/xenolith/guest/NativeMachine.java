package dev.xenolith.guest;

import dev.xenolith.devices.board.PcBoard;
import dev.xenolith.devices.board.TimedInput;
import dev.xenolith.machine.Machine;
import dev.xenolith.machine.cost.CostModel;
import dev.xenolith.machine.time.Picos;
import dev.xenolith.machine.trace.TraceSink;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/** A PC board with the guest kernel booted natively on it, for tests. */
public final class NativeMachine {
    /**
     * By this time after power-on, a boot of one or two CPUs at HZ=250 has forked the configuration's tasks:
     * the banner goes to the console, {@code calibrate_APIC_clock} counts the masked APIC timer over HZ/10
     * ticks of the PIT (100 ms), and after {@code rest_init}'s lines the tasks are forked, 126.6 ms after
     * power-on with one CPU, 129.6 ms with two. A task's start time counts from that fork.
     */
    public static final long BOOTED = 130 * Picos.PER_MILLISECOND;

    public final Machine machine;
    public final PcBoard board;
    public final Linux linux;
    public final TimedInput input;
    private final ByteArrayOutputStream console = new ByteArrayOutputStream();

    public NativeMachine(int cpus, KernelConfig config) {
        this(cpus, config, CostModel.defaults(), null);
    }

    public NativeMachine(int cpus, KernelConfig config, CostModel costs, TraceSink trace) {
        machine = Machine.builder().cpus(cpus).costs(costs).trace(trace).build();
        board = PcBoard.wire(machine, PcBoard.Options.standard(), (b, time) -> console.write(b));
        linux = Linux.nativeBoot(machine, config, NativeHardware.standard());
        input = new TimedInput(machine.events());
        machine.cpu(0).powerOn(linux.bootContext());
    }

    /** Sends {@code bytes} to the i8042's keyboard port at {@code atPicos}. */
    public void keyboard(long atPicos, byte... bytes) {
        input.once("kbd", atPicos, bytes, (b, now) -> board.i8042().receiveKeyboard(b, now));
    }

    public void runUntil(long picos) {
        machine.runUntil(picos);
    }

    public String console() {
        return console.toString(StandardCharsets.ISO_8859_1);
    }
}
