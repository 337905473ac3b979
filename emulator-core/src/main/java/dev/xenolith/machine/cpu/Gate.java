package dev.xenolith.machine.cpu;

/** An IDT entry: the handler the vector runs and the gate type. {@code name} is the entry stub's symbol. */
public record Gate(String name, GateType type, InterruptHandler handler) {
}
