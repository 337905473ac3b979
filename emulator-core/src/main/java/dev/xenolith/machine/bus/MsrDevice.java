package dev.xenolith.machine.bus;

/**
 * Model-specific registers a device owns (the local APIC's IA32_APIC_BASE 0x1B and IA32_TSC_DEADLINE
 * 0x6E0). {@code now} is the accessing CPU's local time. Returns false for an index it does not own.
 */
public interface MsrDevice {
    boolean ownsMsr(int index);

    long readMsr(int index, long now);

    void writeMsr(int index, long value, long now);
}
