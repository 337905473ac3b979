package dev.xenolith.machine.cpu;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.xenolith.machine.Machine;
import org.junit.jupiter.api.Test;

/** {@link Cpu#runPath}: kernel code driven directly by a harness, leaving the CPU as it was. */
class RunPathTest {

    @Test
    void theBodyRunsAsAPathAndTheCpuIsLeftAsItWas() {
        Machine machine = Machine.builder().cpus(1).build();
        Cpu cpu = machine.cpu(0);
        long[] seen = new long[2];
        cpu.runPath(() -> {
            cpu.charge(2000);
            seen[0] = cpu.now();
            cpu.cli();
            seen[1] = cpu.interruptsEnabled() ? 1 : 0;
        });
        assertThat(seen[0]).isEqualTo(cpu.clock().timeOf(2000));
        assertThat(seen[1]).isZero();
        assertThat(cpu.state()).isEqualTo(Cpu.State.WAIT_FOR_SIPI);
        assertThat(cpu.now()).isZero();
        assertThat(machine.events().isEmpty()).isTrue();
    }

    @Test
    void pathsDoNotNest() {
        Machine machine = Machine.builder().cpus(1).build();
        Cpu cpu = machine.cpu(0);
        assertThatThrownBy(() -> cpu.runPath(() -> cpu.runPath(() -> { })))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("already running a path");
    }
}
