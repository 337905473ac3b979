package dev.xenolith.machine.bus;

import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The PC's I/O-port space (64 K ports) and its shared physical MMIO regions. Port dispatch is one array
 * load into a table pre-filled with an "unconnected" device, so no access needs a map lookup or a null
 * check. Regions private to one CPU (its local APIC window) live on the CPU, which looks there first.
 *
 * <p>As on a real bus, a read of nothing returns all ones and a write to nothing is dropped; the
 * accesses are counted so that a misbehaving guest shows up in the statistics rather than crashing.
 */
public final class Bus {
    private static final Logger log = LoggerFactory.getLogger(Bus.class);
    private static final int PORTS = 0x10000;

    private final IoDevice unconnected = new Unconnected();
    private final IoDevice[] ports = new IoDevice[PORTS];
    private final List<MmioRegion> regions = new ArrayList<>();
    private long unclaimedAccesses;

    public Bus() {
        java.util.Arrays.fill(ports, unconnected);
    }

    /** Claims ports {@code [first, first + count)} for {@code device}. */
    public void mapIo(int first, int count, IoDevice device) {
        if (first < 0 || count <= 0 || first + count > PORTS) {
            throw new IllegalArgumentException("ports " + first + "+" + count + " outside the I/O space");
        }
        for (int port = first; port < first + count; port++) {
            if (ports[port] != unconnected) {
                throw new IllegalStateException(String.format("port 0x%x is already claimed", port));
            }
        }
        for (int port = first; port < first + count; port++) {
            ports[port] = device;
        }
    }

    /** Claims the physical range {@code [base, base + size)} for {@code device}. */
    public void mapMmio(long base, long size, MmioDevice device) {
        MmioRegion region = new MmioRegion(base, size, device);
        for (MmioRegion other : regions) {
            if (other.overlaps(region)) {
                throw new IllegalStateException(String.format("MMIO 0x%x+0x%x overlaps 0x%x", base, size, other.base()));
            }
        }
        regions.add(region);
    }

    public int in(int port, int size, long now) {
        return ports[port & 0xFFFF].ioRead(port & 0xFFFF, size, now);
    }

    public void out(int port, int size, int value, long now) {
        ports[port & 0xFFFF].ioWrite(port & 0xFFFF, size, value, now);
    }

    /** The shared region holding {@code address}, or null. */
    public MmioRegion regionAt(long address) {
        for (int i = 0; i < regions.size(); i++) {
            MmioRegion region = regions.get(i);
            if (region.contains(address)) {
                return region;
            }
        }
        return null;
    }

    public long readUnclaimed(long address, int size) {
        unclaimed("read", address);
        return allOnes(size);
    }

    public void writeUnclaimed(long address) {
        unclaimed("write", address);
    }

    /** Accesses to ports or addresses that no device claims, since power-on. */
    public long unclaimedAccesses() {
        return unclaimedAccesses;
    }

    static long allOnes(int size) {
        return size >= 8 ? -1L : (1L << (size * 8)) - 1;
    }

    private void unclaimed(String what, long where) {
        unclaimedAccesses++;
        if (log.isDebugEnabled()) {
            log.debug("{} of unclaimed 0x{}", what, Long.toHexString(where));
        }
    }

    private final class Unconnected implements IoDevice {
        @Override
        public int ioRead(int port, int size, long now) {
            unclaimed("in", port);
            return (int) allOnes(size);
        }

        @Override
        public void ioWrite(int port, int size, int value, long now) {
            unclaimed("out", port);
        }
    }
}
