package dev.xenolith.bench.apic;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** What {@link ApicTimerInterruptBench} measures is one timer interrupt per operation, no more and no fewer. */
final class ApicTimerInterruptBenchTest {

    @ParameterizedTest
    @ValueSource(strings = {"one-shot", "tsc-deadline"})
    void everyOperationTakesExactlyOneInterrupt(String mode) {
        ApicTimerInterruptBench bench = new ApicTimerInterruptBench();
        bench.mode = mode;
        bench.setUp();
        long taken = bench.timerInterrupt();
        for (int i = 0; i < 2_000; i++) {
            long now = bench.timerInterrupt();
            assertThat(now - taken).as("interrupts in operation %d", i).isEqualTo(1);
            taken = now;
        }
    }
}
