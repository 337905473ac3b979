package dev.xenolith.machine.cpu;

import dev.xenolith.machine.trace.TraceEvent;

/** Tracepoints of the processor itself (layer {@code hw}). */
record CpuEvent(String name, int vector, String detail) implements TraceEvent {
    @Override
    public void appendFields(StringBuilder out) {
        out.append("vector=0x").append(Integer.toHexString(vector));
        if (!detail.isEmpty()) {
            out.append(' ').append(detail);
        }
    }
}
