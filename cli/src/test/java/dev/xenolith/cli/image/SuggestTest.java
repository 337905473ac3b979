package dev.xenolith.cli.image;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The "did you mean" behind every unknown-name message. */
final class SuggestTest {

    @Test
    void distance_countsAnAdjacentSwapAsOneEdit() {
        assertThat(Suggest.distance("shceduler", "scheduler")).isEqualTo(1);
        assertThat(Suggest.distance("cpu", "cpus")).isEqualTo(1);
        assertThat(Suggest.distance("credt", "credit")).isEqualTo(1);
        assertThat(Suggest.distance("kitten", "sitting")).isEqualTo(3);
    }

    @Test
    void closest_ignoresCase_andKeepsToAThirdOfTheLength() {
        List<String> keys = List.of("cpus", "cpu-frequency", "apic-timer");

        assertThat(Suggest.closest("CPUS", keys)).isEqualTo("cpus");
        assertThat(Suggest.closest("cpu", keys)).isEqualTo("cpus");
        assertThat(Suggest.closest("cpu-freq", keys)).isEqualTo("cpu-frequency");
        assertThat(Suggest.closest("memory", keys)).isNull();
        assertThat(Suggest.didYouMean("memory", keys)).isEmpty();
    }

    @Test
    void closest_breaksTiesAlphabetically_whateverTheOrderGiven() {
        assertThat(Suggest.closest("rr", List.of("rx", "ra"))).isEqualTo("ra");
        assertThat(Suggest.closest("rr", List.of("ra", "rx"))).isEqualTo("ra");
    }
}
