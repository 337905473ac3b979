package dev.xenolith.devices.i8042;

import dev.xenolith.machine.bus.IrqLine;
import java.util.ArrayList;
import java.util.List;

/** An i8042 with its two interrupt lines recorded, and port-level helpers. */
final class I8042Bench {
    /** An interrupt wire that remembers its level and counts its rising edges. */
    static final class Line implements IrqLine {
        boolean high;
        int risingEdges;

        @Override
        public void set(boolean level) {
            if (level && !high) {
                risingEdges++;
            }
            high = level;
        }
    }

    final Line irq1 = new Line();
    final Line irq12 = new Line();
    final I8042 controller = new I8042(irq1, irq12);

    int status() {
        return controller.ioRead(I8042.STATUS_PORT, 1, 0);
    }

    int readData() {
        return controller.ioRead(I8042.DATA_PORT, 1, 0);
    }

    void command(int command) {
        controller.ioWrite(I8042.STATUS_PORT, 1, command, 0);
    }

    void writeData(int value) {
        controller.ioWrite(I8042.DATA_PORT, 1, value, 0);
    }

    void command(int command, int data) {
        command(command);
        writeData(data);
    }

    boolean outputFull() {
        return (status() & I8042.STATUS_OUTPUT_FULL) != 0;
    }

    boolean auxData() {
        return (status() & I8042.STATUS_AUX_DATA) != 0;
    }

    /** Reads the output buffer until it is empty, as Linux's i8042_flush does. */
    List<Integer> drain() {
        List<Integer> bytes = new ArrayList<>();
        while (outputFull()) {
            bytes.add(readData());
        }
        return bytes;
    }
}
