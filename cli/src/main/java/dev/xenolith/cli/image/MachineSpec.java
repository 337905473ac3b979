package dev.xenolith.cli.image;

/**
 * The physical machine: {@code cpus} identical CPUs at {@code cpuFrequencyHz}, their local APICs (timer
 * input clock {@code apicBusFrequencyHz}; timer present or not; TSC-deadline mode offered or not), and
 * the legacy devices: the 16550A on COM1 ({@code com1Baud}, {@code null} when the machine has none) and
 * the i8042 PS/2 controller.
 */
public record MachineSpec(int cpus, long cpuFrequencyHz, long apicBusFrequencyHz, boolean apicTimer,
        boolean tscDeadline, Integer com1Baud, boolean i8042, SourcePos pos) {

    /** Whether the machine has the device that {@code input:} or a task's device file names. */
    public boolean has(String machineDevice) {
        switch (machineDevice) {
            case "com1":
                return com1Baud != null;
            case "i8042":
                return i8042;
            default:
                return false;
        }
    }
}
