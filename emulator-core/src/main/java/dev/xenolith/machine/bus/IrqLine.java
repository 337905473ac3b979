package dev.xenolith.machine.bus;

/**
 * An interrupt request wire from a device output to a controller input (PIT OUT0 to PIC IR0, the
 * master PIC's INT to the APIC's LINT0). Edge-triggered receivers react to a low-to-high change,
 * level-triggered ones to the level; a device that signals by pulsing raises and lowers the line.
 */
@FunctionalInterface
public interface IrqLine {
    /** A line that goes nowhere: a device whose output is not wired. */
    IrqLine UNCONNECTED = high -> { };

    void set(boolean high);

    default void raise() {
        set(true);
    }

    default void lower() {
        set(false);
    }

    default void pulse() {
        set(true);
        set(false);
    }
}
