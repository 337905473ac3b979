package dev.xenolith.cli.render;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.StringWriter;
import org.junit.jupiter.api.Test;

final class TextOutputTest {
    private final StringWriter written = new StringWriter();
    private final TextOutput out = new TextOutput(written);

    @Test
    void numbers_arePaddedAndFormattedAsFtraceColumns() {
        out.decimal(7, 3, ' ').append('|').decimal(7, 3, '0').append('|').decimal(12345, 3, ' ').append('|')
                .decimal(Long.MAX_VALUE, 0, ' ').append('|').decimal(0, 0, ' ');
        out.append('\n').seconds(0, 11).append('|').seconds(12_345_678_901_234L, 11).append('|')
                .seconds(1_000_000_000_000_000L, 11);
        out.append('\n').micros(12_000_000L).append('|').micros(999L).append('|').micros(250_005_000L);
        out.flush();
        assertThat(written.toString()).isEqualTo(""
                + "  7|007|12345|9223372036854775807|0\n"
                + "   0.000000|  12.345678|1000.000000\n"
                + "12.000|0.000|250.005");
        assertThat(TextOutput.microsWidth(12_000_000L)).isEqualTo("12.000".length());
        assertThat(TextOutput.microsWidth(999L)).isEqualTo("0.000".length());
    }

    @Test
    void aRepeatedTimestamp_isCopiedOnlyWhenItsMicrosecondAndWidthMatch() {
        out.seconds(5_000_001_000L, 11).append('|').seconds(5_000_001_999L, 11).append('|')
                .seconds(5_000_001_999L, 12).append('|').seconds(5_000_002_000L, 11);
        out.flush();
        assertThat(written.toString()).isEqualTo("   0.005000|   0.005000|    0.005000|   0.005000");
    }

    @Test
    void nothingReachesTheDestinationBeforeAFlush_andEverythingAfterInOrder() {
        out.append("first ");
        assertThat(written.toString()).isEmpty();
        out.flush();
        written.write("console ");
        out.append("second");
        out.flush();
        assertThat(written.toString()).isEqualTo("first console second");
    }

    @Test
    void textLongerThanTheBuffer_andFieldsAcrossItsEnd_arriveWhole() {
        StringBuilder expected = new StringBuilder();
        StringBuilder longLine = new StringBuilder();
        for (int i = 0; i < 100_000; i++) {
            longLine.append((char) ('a' + i % 26));
        }
        for (int line = 0; line < 5000; line++) {
            out.seconds(line * 1_000_000L, 11).append(' ').decimal(line, 5, '0').spaces(3).append("x\n");
            expected.append(String.format("%11s %05d   x\n", String.format("0.%06d", line), line));
        }
        out.append(longLine).append(longLine.toString());
        expected.append(longLine).append(longLine);
        out.flush();
        assertThat(written.toString()).isEqualTo(expected.toString());
    }
}
