package dev.xenolith.machine.bus;

/**
 * A device in the physical address space. {@code offset} is relative to the region's base; see
 * {@link IoDevice} for {@code size} and {@code now}.
 */
public interface MmioDevice {
    long mmioRead(long offset, int size, long now);

    void mmioWrite(long offset, int size, long value, long now);
}
