package dev.xenolith.devices.board;

import static org.assertj.core.api.Assertions.assertThat;

import dev.xenolith.machine.Machine;
import dev.xenolith.machine.cost.CostModel;
import dev.xenolith.machine.cpu.Context;
import dev.xenolith.machine.cpu.Cpu;
import dev.xenolith.machine.cpu.Gate;
import dev.xenolith.machine.cpu.GateType;
import dev.xenolith.machine.time.Picos;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A key pressed at 12 ms travels i8042 → IRQ1 → the master 8259 → LINT0 (ExtINT) → CPU 0, which takes the
 * PIC's vector and reads the byte from port 0x60; on an ideal machine it all happens at 12 ms exactly.
 */
final class TimedInputWiringTest {
    private static final long APIC = 0xFEE0_0000L;

    @Test
    void keyAt12ms_reachesCpu0AsIrq1_andReadsBackFromPort60() {
        Machine machine = Machine.builder().costs(CostModel.zero()).build();
        PcBoard board = PcBoard.wire(machine, PcBoard.Options.standard(), (b, t) -> { });
        List<String> seen = new ArrayList<>();
        Cpu cpu = machine.cpu(0);
        cpu.setGate(0x21, new Gate("irq1", GateType.INTERRUPT, (c, f) -> {
            seen.add(String.format("irq1 at %d read 0x%02x", c.now(), c.inb(0x60)));
            c.outb(0x20, 0x20);
        }));
        cpu.powerOn(new Context() {
            private boolean set;

            @Override
            public void resume(Cpu c) {
                if (!set) {
                    set = true;
                    c.writeMmio(APIC + 0xF0, 0x1FF);
                    c.writeMmio(APIC + 0x350, 0x700);
                    for (int value : new int[] {0x11, 0x20, 0x04, 0x01}) {
                        c.outb(value == 0x11 ? 0x20 : 0x21, value);
                    }
                    c.outb(0x21, 0xFD); // only IRQ1
                }
                c.sti();
                c.halt();
            }

            @Override
            public void workStopped(Cpu c, long remainingCycles) {
            }

            @Override
            public String name() {
                return "wait-for-key";
            }
        });
        new TimedInput(machine.events()).once("key", Picos.ofMillis(12), new byte[] {0x1c}, board.i8042()::receiveKeyboard);

        machine.runUntil(Picos.ofMillis(20));

        assertThat(seen).containsExactly("irq1 at 12000000000 read 0x1c");
    }
}
