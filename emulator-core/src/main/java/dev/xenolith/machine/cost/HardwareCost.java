package dev.xenolith.machine.cost;

/**
 * What the processor and the platform charge, independent of any software. Defaults are the project's
 * proposed table for a ~3 GHz core (shared/reference/devices.md, part C), taken from the middle of each
 * published band; {@code docs/costs.md} lists the sources.
 */
public enum HardwareCost implements CostKey {
    /** IDT lookup and pushing the interrupt frame (band 100-400). */
    INTERRUPT_ENTRY("interrupt_entry", 200),
    /** Popping the frame; slower than SYSRET (band 80-300). */
    IRET("iret", 150),
    /** {@code in}/{@code out} to an emulated legacy ISA device, about 1 us (band 1k-6k). */
    PORT_IO("port_io", 3000),
    /** An uncached xAPIC MMIO register access (band 30-300). */
    LAPIC_ACCESS("lapic_access", 100),
    /** {@code rdmsr}/{@code wrmsr}, such as an x2APIC or TSC-deadline access (band 30-300). */
    MSR_ACCESS("msr_access", 50),
    /** Any other uncached MMIO access. */
    MMIO_ACCESS("mmio_access", 300),
    /** From the ICR write to the remote IRR being set (band 300-3000). */
    IPI_LATENCY("ipi_latency", 500);

    private final String costName;
    private final long defaultCycles;

    HardwareCost(String costName, long defaultCycles) {
        this.costName = costName;
        this.defaultCycles = defaultCycles;
    }

    @Override
    public String costName() {
        return costName;
    }

    @Override
    public long defaultCycles() {
        return defaultCycles;
    }
}
