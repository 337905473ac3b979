package dev.xenolith.machine.cpu;

import dev.xenolith.machine.trace.TraceEvent;

/**
 * Tracepoints of the processor itself (layer {@code hw}): the vector, how it was raised ({@code kind}, null
 * on {@code iret}) and the privilege level entered or returned to. The fields are kept as numbers and only
 * formatted by a renderer that shows them: a traced run takes millions of interrupts.
 */
record CpuEvent(String name, int vector, String kind, int privilege) implements TraceEvent {
    @Override
    public void appendFields(StringBuilder out) {
        out.append("vector=0x");
        for (int shift = vector > 0xF ? 4 : 0; shift >= 0; shift -= 4) { // vectors are 0..255
            out.append(Character.forDigit((vector >> shift) & 0xF, 16));
        }
        if (kind != null) {
            out.append(' ').append(kind);
        }
        out.append(" cpl=").append(privilege);
    }
}
