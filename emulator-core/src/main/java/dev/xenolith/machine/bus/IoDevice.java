package dev.xenolith.machine.bus;

/**
 * A device on the I/O-port space. {@code port} is the absolute port number; {@code size} is 1, 2 or 4
 * bytes; {@code now} is the accessing CPU's local time, which may run ahead of the machine's time while
 * a kernel path is charging cycles, so that a device stamps the access when the software made it.
 * A device never throws on a bad access: it ignores the write or reads all ones, as hardware does.
 */
public interface IoDevice {
    int ioRead(int port, int size, long now);

    void ioWrite(int port, int size, int value, long now);
}
