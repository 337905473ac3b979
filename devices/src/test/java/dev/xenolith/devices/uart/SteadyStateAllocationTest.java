package dev.xenolith.devices.uart;

import static dev.xenolith.devices.uart.ModemLines.MCR_LOOP;
import static dev.xenolith.devices.uart.ModemLines.MCR_OUT2;
import static dev.xenolith.devices.uart.Uart16550.FCR;
import static dev.xenolith.devices.uart.Uart16550.FCR_ENABLE;
import static dev.xenolith.devices.uart.Uart16550.FCR_TRIGGER_8;
import static dev.xenolith.devices.uart.Uart16550.IER;
import static dev.xenolith.devices.uart.Uart16550.IIR;
import static dev.xenolith.devices.uart.Uart16550.LCR;
import static dev.xenolith.devices.uart.Uart16550.LCR_WORD_8;
import static dev.xenolith.devices.uart.Uart16550.LSR;
import static dev.xenolith.devices.uart.Uart16550.MCR;
import static dev.xenolith.devices.uart.Uart16550.RBR;
import static dev.xenolith.devices.uart.Uart16550.THR;
import static org.assertj.core.api.Assertions.assertThat;

import dev.xenolith.machine.event.IndexedEventQueue;
import java.lang.management.ManagementFactory;
import org.junit.jupiter.api.Test;

/**
 * Register accesses, character completion, the line and the timeout run without allocating once the
 * UART is warm. Counts bytes allocated by this thread (HotSpot's per-thread counter), not wall time.
 */
final class SteadyStateAllocationTest {
    private int transmitted;
    private int irqChanges;

    @Test
    void trafficInBothDirections_allocatesNothing() {
        IndexedEventQueue events = new IndexedEventQueue();
        Uart16550 uart = new Uart16550("com1", Uart16550.COM1_BASE, events,
                high -> irqChanges++, (b, time) -> transmitted++);
        long[] now = {0};
        program(uart);
        // Warm up past one-off costs (the JIT's first compilations), then measure steady state.
        for (int batch = 0; batch < 4; batch++) {
            exchange(uart, events, now, 2_000);
        }

        com.sun.management.ThreadMXBean threads =
                (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        long thread = Thread.currentThread().getId();
        // A recompilation or deoptimisation in a shared test JVM may allocate during one round; a real
        // per-character allocation would show in every round, so the quietest round must be zero.
        long quietest = Long.MAX_VALUE;
        for (int round = 0; round < 5; round++) {
            long before = threads.getThreadAllocatedBytes(thread);
            exchange(uart, events, now, 2_000);
            quietest = Math.min(quietest, threads.getThreadAllocatedBytes(thread) - before);
        }

        assertThat(quietest).isZero();
        assertThat(transmitted).isPositive();
        assertThat(irqChanges).isPositive();
    }

    private static void program(Uart16550 uart) {
        int base = Uart16550.COM1_BASE;
        uart.ioWrite(base + LCR, 1, LCR_WORD_8, 0);
        uart.ioWrite(base + FCR, 1, FCR_ENABLE | FCR_TRIGGER_8, 0);
        uart.ioWrite(base + IER, 1, 0x0F, 0);
        uart.ioWrite(base + MCR, 1, MCR_OUT2, 0);
    }

    /** Sends and receives {@code rounds} characters, toggling loopback, servicing IIR like an ISR. */
    private static void exchange(Uart16550 uart, IndexedEventQueue events, long[] now, int rounds) {
        int base = Uart16550.COM1_BASE;
        for (int i = 0; i < rounds; i++) {
            uart.ioWrite(base + MCR, 1, (i & 64) == 0 ? MCR_OUT2 : MCR_OUT2 | MCR_LOOP, now[0]);
            uart.ioWrite(base + THR, 1, i, now[0]);
            uart.receive(i, now[0]);
            now[0] += uart.characterTime() * 5 / 4;
            while (events.peek() != null && events.peek().when() <= now[0]) {
                events.fireNext();
            }
            uart.ioRead(base + IIR, 1, now[0]);
            uart.ioRead(base + LSR, 1, now[0]);
            if ((i & 7) == 0) {
                uart.ioRead(base + RBR, 1, now[0]);
            }
        }
    }
}
