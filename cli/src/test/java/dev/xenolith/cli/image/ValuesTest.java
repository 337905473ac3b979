package dev.xenolith.cli.image;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.snakeyaml.engine.v2.nodes.Node;

/** The scalar forms SCENARIO-FORMAT.md allows for durations, frequencies, integers and bytes. */
final class ValuesTest {
    private final Problems problems = new Problems();
    private final Values values = new Values(problems);

    private Node node(String yaml) {
        return Yaml.compose("v.yaml", yaml, problems);
    }

    private List<String> messages() {
        return problems.inOrder("v.yaml").stream().map(Problem::message).toList();
    }

    @Test
    void durations_inEveryUnit_becomeExactPicosecondsOrCycles() {
        assertThat(values.work(node("250ns"), "d", "us")).isEqualTo(Duration.ofPicos(250_000));
        assertThat(values.work(node("10us"), "d", "us")).isEqualTo(Duration.ofPicos(10_000_000));
        assertThat(values.work(node("4ms"), "d", "us")).isEqualTo(Duration.ofPicos(4_000_000_000L));
        assertThat(values.work(node("1.5s"), "d", "us")).isEqualTo(Duration.ofPicos(1_500_000_000_000L));
        assertThat(values.work(node("20000cycles"), "d", "us")).isEqualTo(Duration.ofCycles(20_000));
        assertThat(values.work(node("3\u00b5s"), "d", "us")).isEqualTo(Duration.ofPicos(3_000_000));
        assertThat(values.work(node("7ps"), "d", "us")).isEqualTo(Duration.ofPicos(7));
        assertThat(values.work(node("10 ms"), "d", "us")).isEqualTo(Duration.ofPicos(10_000_000_000L));
        assertThat(values.work(node(".25us"), "d", "us")).isEqualTo(Duration.ofPicos(250_000));
        assertThat(values.time(node("0s"), "d", "us")).isZero();
        assertThat(problems.count()).isZero();
    }

    @Test
    void durations_tooLongForALong_areRejected() {
        assertThat(values.time(node("200000000s"), "d", "s")).isNull();

        assertThat(messages()).containsExactly("d: '200000000s' is too long: expected at most 2^63-1 ps (about 106"
                + " days)");
    }

    @Test
    void frequencies_becomeHertz_andMustSuitAnExactClock() {
        assertThat(values.frequency(node("2GHz"), "f", "GHz")).isEqualTo(2_000_000_000L);
        assertThat(values.frequency(node("100MHz"), "f", "MHz")).isEqualTo(100_000_000L);
        assertThat(values.frequency(node("1193182Hz"), "f", "Hz")).isEqualTo(1_193_182L);
        assertThat(values.frequency(node("1.8432MHz"), "f", "MHz")).isEqualTo(1_843_200L);
        assertThat(values.frequency(node("33kHz"), "f", "kHz")).isEqualTo(33_000L);
        assertThat(problems.count()).isZero();

        assertThat(values.frequency(node("0Hz"), "f", "Hz")).isNull();
        assertThat(values.frequency(node("2"), "f", "GHz")).isNull();
        assertThat(values.frequency(node("999999999989Hz"), "f", "Hz")).isNull();
        assertThat(messages()).containsExactly(
                "f: expected a positive whole number of Hz, found '0Hz'",
                "f: '2' has no unit; a bare number is an error: did you mean '2GHz'? (units: Hz, kHz, MHz or GHz)",
                "f: frequency 999999999989 Hz has no exact picosecond period in 64 bits; use a whole number of kHz");
    }

    @Test
    void integers_inDecimalHexOrOctal_quotedOrNot() {
        assertThat(values.integer(node("0x10"), "i", 0, 100)).isEqualTo(16);
        assertThat(values.integer(node("0o17"), "i", 0, 100)).isEqualTo(15);
        assertThat(values.integer(node("'12'"), "i", 0, 100)).isEqualTo(12);
        assertThat(values.integer(node("-3"), "i", -5, 5)).isEqualTo(-3);
        assertThat(values.integer(node("2.0"), "i", 0, 100)).isNull();

        assertThat(messages()).containsExactly("i: expected a whole number from 0 to 100, found '2.0'");
    }

    @Test
    void bytes_fromTextWithEscapes_orFromAList() {
        assertThat(values.bytes(node("\"\\x00\\xff\\n\""), "b")).containsExactly(0, 0xFF, '\n');
        assertThat(values.bytes(node("[0x1c, 255, 0o7]"), "b")).containsExactly(0x1c, 0xFF, 7);
        assertThat(values.bytes(node("abc"), "b")).containsExactly('a', 'b', 'c');
        assertThat(problems.count()).isZero();
    }
}
