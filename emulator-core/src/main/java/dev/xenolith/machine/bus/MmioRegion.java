package dev.xenolith.machine.bus;

/** A device's window in the physical address space. */
public record MmioRegion(long base, long size, MmioDevice device) {
    public MmioRegion {
        if (size <= 0 || base < 0) {
            throw new IllegalArgumentException(String.format("bad MMIO region 0x%x+0x%x", base, size));
        }
    }

    public boolean contains(long address) {
        return address >= base && address - base < size;
    }

    boolean overlaps(MmioRegion other) {
        return base < other.base + other.size && other.base < base + size;
    }
}
