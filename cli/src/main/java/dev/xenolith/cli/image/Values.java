package dev.xenolith.cli.image;

import dev.xenolith.machine.time.ClockDomain;
import dev.xenolith.machine.time.Picos;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.snakeyaml.engine.v2.nodes.Node;
import org.snakeyaml.engine.v2.nodes.SequenceNode;

/**
 * Turns scalar nodes into typed values, recording a problem (and returning {@code null}) for anything
 * else. Scalars are read from their text, whatever YAML schema resolved them to, so {@code "2"} and
 * {@code 2} are the same number; integers may be written in decimal, {@code 0x} hex or {@code 0o}
 * octal, as YAML 1.2 allows.
 *
 * <p>Units are case-sensitive, written as in SCENARIO-FORMAT.md (with {@code ps} and {@code µs} added);
 * a near miss is answered with a suggestion rather than guessed at, so that images stay canonical.
 */
final class Values {
    private static final Pattern INTEGER = Pattern.compile("([+-]?)(0x[0-9a-fA-F]+|0o[0-7]+|[0-9]+)");
    private static final Pattern QUANTITY = Pattern.compile("([+-]?)([0-9]+(?:\\.[0-9]*)?|\\.[0-9]+)\\s*(\\S*)");
    private static final String CYCLES = "cycles";
    private static final Map<String, Long> TIME_UNITS = new LinkedHashMap<>();
    private static final Map<String, Long> FREQUENCY_UNITS = new LinkedHashMap<>();
    /** Spellings people write for a unit, used only to suggest the right one. */
    private static final Map<String, String> UNIT_ALIASES = new LinkedHashMap<>();

    static {
        TIME_UNITS.put("ps", 1L);
        TIME_UNITS.put("ns", Picos.PER_NANOSECOND);
        TIME_UNITS.put("us", Picos.PER_MICROSECOND);
        TIME_UNITS.put("\u00b5s", Picos.PER_MICROSECOND);
        TIME_UNITS.put("\u03bcs", Picos.PER_MICROSECOND);
        TIME_UNITS.put("ms", Picos.PER_MILLISECOND);
        TIME_UNITS.put("s", Picos.PER_SECOND);
        FREQUENCY_UNITS.put("Hz", 1L);
        FREQUENCY_UNITS.put("kHz", 1_000L);
        FREQUENCY_UNITS.put("MHz", 1_000_000L);
        FREQUENCY_UNITS.put("GHz", 1_000_000_000L);
        for (String alias : new String[] {"sec", "secs", "second", "seconds"}) {
            UNIT_ALIASES.put(alias, "s");
        }
        for (String alias : new String[] {"msec", "msecs", "millis", "millisecond", "milliseconds"}) {
            UNIT_ALIASES.put(alias, "ms");
        }
        for (String alias : new String[] {"usec", "usecs", "micros", "microsecond", "microseconds"}) {
            UNIT_ALIASES.put(alias, "us");
        }
        for (String alias : new String[] {"nsec", "nsecs", "nanos", "nanosecond", "nanoseconds"}) {
            UNIT_ALIASES.put(alias, "ns");
        }
        for (String alias : new String[] {"cycle", "cyc", "clk", "clocks"}) {
            UNIT_ALIASES.put(alias, CYCLES);
        }
    }

    private final Problems problems;

    Values(Problems problems) {
        this.problems = problems;
    }

    /** A non-empty text. */
    String string(Node node, String path) {
        String text = Nodes.text(node);
        if (text == null || text.isEmpty()) {
            problems.add(node, path + ": expected a text, found " + Nodes.describe(node));
            return null;
        }
        return text;
    }

    /** The elements of a list. */
    List<Node> list(Node node, String path) {
        if (!(node instanceof SequenceNode)) {
            problems.add(node, path + ": expected a list, found " + Nodes.describe(node));
            return null;
        }
        return ((SequenceNode) node).getValue();
    }

    Boolean bool(Node node, String path) {
        String text = Nodes.text(node);
        if (text != null) {
            switch (text) {
                case "true": case "True": case "TRUE":
                    return true;
                case "false": case "False": case "FALSE":
                    return false;
                default:
                    break;
            }
        }
        problems.add(node, path + ": expected true or false, found " + Nodes.describe(node));
        return null;
    }

    Long integer(Node node, String path, long min, long max) {
        return integer(node, path, min, max, "");
    }

    /** A whole number in {@code min..max}; {@code note} explains the range in the message. */
    Long integer(Node node, String path, long min, long max, String note) {
        BigInteger value = parseInteger(Nodes.text(node));
        if (value == null || value.compareTo(BigInteger.valueOf(min)) < 0
                || value.compareTo(BigInteger.valueOf(max)) > 0) {
            problems.add(node, path + ": expected " + range(min, max) + note + ", found " + Nodes.describe(node));
            return null;
        }
        return value.longValue();
    }

    static BigInteger parseInteger(String text) {
        if (text == null) {
            return null;
        }
        Matcher m = INTEGER.matcher(text.trim());
        if (!m.matches()) {
            return null;
        }
        String digits = m.group(2);
        BigInteger magnitude = digits.startsWith("0x") ? new BigInteger(digits.substring(2), 16)
                : digits.startsWith("0o") ? new BigInteger(digits.substring(2), 8)
                : new BigInteger(digits);
        return m.group(1).equals("-") ? magnitude.negate() : magnitude;
    }

    private static String range(long min, long max) {
        if (min == Long.MIN_VALUE && max == Long.MAX_VALUE) {
            return "a whole number";
        }
        if (max == Long.MAX_VALUE) {
            return "a whole number of at least " + min;
        }
        return "a whole number from " + min + " to " + max;
    }

    /** Work: a time or a number of cycles, 0 or more. {@code likelyUnit} is suggested for a bare number. */
    Duration work(Node node, String path, String likelyUnit) {
        return duration(node, path, likelyUnit, true);
    }

    /** A time in picoseconds, 0 or more; cycles are refused because a point in time is not work. */
    Long time(Node node, String path, String likelyUnit) {
        Duration duration = duration(node, path, likelyUnit, false);
        return duration == null ? null : duration.amount();
    }

    private Duration duration(Node node, String path, String likelyUnit, boolean cyclesAllowed) {
        String units = cyclesAllowed ? "ps, ns, us, ms, s or cycles" : "ps, ns, us, ms or s";
        String text = Nodes.text(node);
        Matcher m = text == null ? null : QUANTITY.matcher(text.trim());
        if (m == null || !m.matches()) {
            problems.add(node, path + ": expected a duration such as '10" + likelyUnit + "', found "
                    + Nodes.describe(node));
            return null;
        }
        String unit = m.group(3);
        if (m.group(1).equals("-")) {
            problems.add(node, path + ": negative duration '" + text.trim() + "': expected 0 or more");
            return null;
        }
        if (unit.isEmpty()) {
            problems.add(node, path + ": '" + text.trim() + "' has no unit; a bare number is an error: did you mean '"
                    + m.group(2) + likelyUnit + "'? (units: " + units + ")");
            return null;
        }
        boolean cycles = unit.equals(CYCLES);
        if (!cycles && !TIME_UNITS.containsKey(unit)) {
            problems.add(node, path + ": unknown unit '" + unit + "' in '" + text.trim() + "': expected " + units
                    + unitSuggestion(unit, m.group(2), TIME_UNITS.keySet(), cyclesAllowed));
            return null;
        }
        if (cycles && !cyclesAllowed) {
            problems.add(node, path + ": '" + text.trim() + "' counts cycles, which measure work; a time is expected"
                    + " here, in " + units);
            return null;
        }
        BigDecimal amount = new BigDecimal(m.group(2)).multiply(BigDecimal.valueOf(cycles ? 1 : TIME_UNITS.get(unit)));
        if (amount.compareTo(BigDecimal.valueOf(Long.MAX_VALUE)) > 0) {
            problems.add(node, path + ": '" + text.trim() + "' is too long: expected at most 2^63-1 "
                    + (cycles ? "cycles" : "ps (about 106 days)"));
            return null;
        }
        Long whole = wholeLong(amount);
        if (whole == null) {
            problems.add(node, path + ": '" + text.trim() + "' is not a whole number of "
                    + (cycles ? "cycles" : "picoseconds"));
            return null;
        }
        return cycles ? Duration.ofCycles(whole) : Duration.ofPicos(whole);
    }

    /** A frequency in Hz that a {@link ClockDomain} can convert exactly. */
    Long frequency(Node node, String path, String likelyUnit) {
        String text = Nodes.text(node);
        Matcher m = text == null ? null : QUANTITY.matcher(text.trim());
        if (m == null || !m.matches()) {
            problems.add(node, path + ": expected a frequency such as '2GHz' or '100MHz', found "
                    + Nodes.describe(node));
            return null;
        }
        String unit = m.group(3);
        if (unit.isEmpty()) {
            problems.add(node, path + ": '" + text.trim() + "' has no unit; a bare number is an error: did you mean '"
                    + m.group(2) + likelyUnit + "'? (units: Hz, kHz, MHz or GHz)");
            return null;
        }
        if (!FREQUENCY_UNITS.containsKey(unit)) {
            problems.add(node, path + ": unknown unit '" + unit + "' in '" + text.trim()
                    + "': expected Hz, kHz, MHz or GHz" + unitSuggestion(unit, m.group(2), FREQUENCY_UNITS.keySet(),
                    false));
            return null;
        }
        Long hertz = wholeLong(new BigDecimal(m.group(1) + m.group(2))
                .multiply(BigDecimal.valueOf(FREQUENCY_UNITS.get(unit))));
        if (hertz == null || hertz <= 0) {
            problems.add(node, path + ": expected a positive whole number of Hz, found '" + text.trim() + "'");
            return null;
        }
        try {
            ClockDomain.of(path, hertz);
        } catch (IllegalArgumentException e) {
            problems.add(node, e.getMessage());
            return null;
        }
        return hertz;
    }

    /** {@code " (did you mean '10s'?)"} for a unit written as people often do, or close to a real one. */
    private static String unitSuggestion(String unit, String number, Set<String> units, boolean cyclesAllowed) {
        String meant = UNIT_ALIASES.get(unit.toLowerCase(Locale.ROOT));
        if (meant == null || (meant.equals(CYCLES) && !cyclesAllowed)) {
            List<String> known = new ArrayList<>(units);
            if (cyclesAllowed) {
                known.add(CYCLES);
            }
            meant = Suggest.closest(unit, known);
        }
        return meant == null ? "" : " (did you mean '" + number + meant + "'?)";
    }

    private static Long wholeLong(BigDecimal value) {
        try {
            return value.longValueExact();
        } catch (ArithmeticException e) {
            return null;
        }
    }

    /**
     * Bytes: a text, one byte per character (so YAML's {@code "\xff"} is the byte 0xFF), or a list of
     * values 0..255. A character above U+00FF is refused rather than silently encoded: the user says
     * which bytes they mean.
     */
    byte[] bytes(Node node, String path) {
        byte[] bytes = node instanceof SequenceNode ? byteList((SequenceNode) node, path) : byteText(node, path);
        if (bytes != null && bytes.length == 0) {
            problems.add(node, path + ": expected at least one byte, found none");
            return null;
        }
        return bytes;
    }

    private byte[] byteList(SequenceNode node, String path) {
        List<Node> items = node.getValue();
        byte[] bytes = new byte[items.size()];
        boolean ok = true;
        for (int i = 0; i < bytes.length; i++) {
            Long value = integer(items.get(i), path + "." + i, 0, 255);
            ok &= value != null;
            bytes[i] = value == null ? 0 : (byte) (long) value;
        }
        return ok ? bytes : null;
    }

    private byte[] byteText(Node node, String path) {
        String text = Nodes.text(node);
        if (text == null) {
            problems.add(node, path + ": expected a text or a list of byte values 0..255, found "
                    + Nodes.describe(node));
            return null;
        }
        if (Nodes.isPlain(node) && parseInteger(text) != null) {
            problems.add(node, path + ": " + Nodes.describe(node) + " is a number; write a text (\"" + text
                    + "\") or a list of byte values ([" + text + "])");
            return null;
        }
        int[] codePoints = text.codePoints().toArray();
        byte[] bytes = new byte[codePoints.length];
        for (int i = 0; i < codePoints.length; i++) {
            if (codePoints[i] > 0xFF) {
                problems.add(node, path + ": character '" + new String(Character.toChars(codePoints[i]))
                        + "' (U+" + String.format("%04X", codePoints[i]) + ") is not a byte: expected characters"
                        + " up to U+00FF (\"\\xNN\"), or write its bytes as a list");
                return null;
            }
            bytes[i] = (byte) codePoints[i];
        }
        return bytes;
    }

    /** A time for a message: {@code 30ms}, {@code 1500ns}; the largest unit that shows it exactly. */
    static String formatPicos(long picos) {
        if (picos == 0) {
            return "0";
        }
        String[] names = {"s", "ms", "us", "ns"};
        long[] sizes = {Picos.PER_SECOND, Picos.PER_MILLISECOND, Picos.PER_MICROSECOND, Picos.PER_NANOSECOND};
        for (int i = 0; i < names.length; i++) {
            if (picos % sizes[i] == 0) {
                return picos / sizes[i] + names[i];
            }
        }
        return picos + "ps";
    }
}
