package dev.xenolith.cli;

import dev.xenolith.machine.Machine;
import dev.xenolith.machine.cpu.Cpu;
import dev.xenolith.machine.cpu.Gate;
import dev.xenolith.machine.trace.Layer;
import dev.xenolith.machine.trace.NamedFunction;
import java.util.Map;
import java.util.TreeMap;

/**
 * Shows firmware in the function graph. Firmware declares no traced functions, so without this a trace
 * of the bare-metal board has only the processor's events; wrapped, each IDT handler runs inside a traced
 * call named after its gate (the entry stub's symbol), in layer {@code fw}, which {@code --path} can then
 * select. The calls charge nothing, so a traced run does exactly what an untraced one does.
 */
final class TracedGates {
    private static final Layer FIRMWARE = new Layer("fw");

    private TracedGates() {
    }

    /** Wraps every gate installed so far on every CPU; call it with tracing on, after the firmware set its IDT. */
    static void wrap(Machine machine) {
        // One function per name: the graph matches an exit to its entry by identity. A gate's handler charges
        // nothing as a function: it charges its own port and MMIO accesses.
        Map<String, NamedFunction> functions = new TreeMap<>();
        for (Cpu cpu : machine.cpus()) {
            for (int vector = 0; vector < 256; vector++) {
                Gate gate = cpu.gate(vector);
                if (gate != null) {
                    NamedFunction function = functions.computeIfAbsent(gate.name(), NamedFunction::new);
                    cpu.setGate(vector, new Gate(gate.name(), gate.type(), (c, frame) -> {
                        c.traceEntry(FIRMWARE, function);
                        gate.handler().handle(c, frame);
                        c.traceExit(FIRMWARE, function);
                    }));
                }
            }
        }
    }
}
