package dev.xenolith.bench;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * Turns JMH's JSON results ({@code -rf json -rff FILE}) into the markdown tables docs/performance.md shows:
 * the machine, JDK and command first, then
 * <ul>
 *   <li>every benchmark with an {@code impl} parameter whose value {@code java.util} is the baseline: ours
 *   and the baseline in ns/op, the ratio ours ÷ baseline in speed (baseline time ÷ our time: above 1 ours is
 *   faster), and both allocations in B/op ({@code -prof gc});</li>
 *   <li>the other time-per-operation benchmarks, absolute;</li>
 *   <li>the whole-machine benchmarks (throughput in simulated ms per second, events, trace characters and
 *   simulated CPU milliseconds per second): times faster than real time, that times the CPUs (constant over
 *   machine sizes when cost is linear in the CPUs), events per second, and for a traced run the slowdown
 *   against the same machine untraced.</li>
 * </ul>
 * JMH computes no ratios, and the doc's tables should come from the results, not be typed in.
 *
 * <pre>{@code
 * java -cp benchmarks/target/benchmarks.jar dev.xenolith.bench.BenchReport [[--command CMD] RESULT.json]...
 * }</pre>
 * Each file's command line is rebuilt from its results (benchmarks, forks, iterations, times,
 * {@code -prof gc} if allocation was measured); parameters narrowed with {@code -p} leave no trace in the
 * results, so such a run's command is given with {@code --command} before its file.
 */
public final class BenchReport {
    static final String BASELINE = "java.util";
    private static final String IMPL = "impl";
    private static final String TRACE = "trace";
    private static final String ALLOCATION = "gc.alloc.rate.norm";

    /** One result row of JMH's JSON. */
    record Result(String benchmark, String mode, Map<String, String> params, double score, double error,
            String unit, Map<String, Double> secondary, Map<String, Object> raw) {

        String className() {
            String[] parts = benchmark.split("\\.");
            return parts[parts.length - 2];
        }

        String method() {
            return benchmark.substring(benchmark.lastIndexOf('.') + 1);
        }

        String shortName() {
            return className() + "." + method();
        }

        double allocation() {
            return secondary.getOrDefault(ALLOCATION, Double.NaN);
        }

        /** The parameters other than {@code skip}, as JMH prints them: {@code name=value, ...}. */
        String paramsWithout(String skip) {
            return params.entrySet().stream().filter(e -> !e.getKey().equals(skip))
                    .map(e -> e.getKey() + "=" + e.getValue()).collect(Collectors.joining(", "));
        }
    }

    private BenchReport() {
    }

    public static void main(String[] args) throws IOException {
        List<Result> results = new ArrayList<>();
        List<String> commands = new ArrayList<>();
        String command = null;
        for (int i = 0; i < args.length; i++) {
            if (args[i].equals("--command") && i + 1 < args.length) {
                command = args[++i];
                continue;
            }
            Path file = Path.of(args[i]);
            List<Result> read = read(Files.readString(file, StandardCharsets.UTF_8));
            results.addAll(read);
            commands.add(command != null ? command : command(read, file));
            command = null;
        }
        if (commands.isEmpty()) {
            System.err.println("usage: BenchReport [[--command CMD] RESULT.json]...");
            System.exit(2);
        }
        PrintStream out = new PrintStream(System.out, true, StandardCharsets.UTF_8);
        out.print(render(results, commands, machine()));
    }

    /** The results in JMH's JSON {@code text}. */
    @SuppressWarnings("unchecked")
    static List<Result> read(String text) {
        List<Result> results = new ArrayList<>();
        for (Object entry : (List<Object>) Json.parse(text)) {
            Map<String, Object> row = (Map<String, Object>) entry;
            Map<String, String> params = new LinkedHashMap<>();
            Object rawParams = row.get("params");
            if (rawParams != null) {
                ((Map<String, Object>) rawParams).forEach((k, v) -> params.put(k, String.valueOf(v)));
            }
            Map<String, Object> primary = (Map<String, Object>) row.get("primaryMetric");
            Map<String, Double> secondary = new LinkedHashMap<>();
            Object rawSecondary = row.get("secondaryMetrics");
            if (rawSecondary != null) {
                ((Map<String, Object>) rawSecondary).forEach((k, v) ->
                        secondary.put(k, number(((Map<String, Object>) v).get("score"))));
            }
            results.add(new Result((String) row.get("benchmark"), (String) row.get("mode"), params,
                    number(primary.get("score")), number(primary.get("scoreError")), (String) primary.get("scoreUnit"),
                    secondary, row));
        }
        return results;
    }

    /** JMH writes NaN (one iteration has no error) as a string. */
    private static double number(Object value) {
        if (value instanceof Number n) {
            return n.doubleValue();
        }
        return value == null ? Double.NaN : Double.parseDouble(value.toString());
    }

    /** The command that produced {@code results} into {@code file}, rebuilt from their settings. */
    static String command(List<Result> results, Path file) {
        if (results.isEmpty()) {
            return "(no results in " + file + ")";
        }
        Map<String, Object> first = results.get(0).raw();
        Set<String> classes = new LinkedHashSet<>();
        boolean gc = false;
        for (Result r : results) {
            classes.add(r.className());
            gc |= r.secondary().containsKey(ALLOCATION);
        }
        return "java -jar benchmarks/target/benchmarks.jar '" + String.join("|", classes) + "'"
                + " -f " + intOf(first.get("forks"))
                + " -wi " + intOf(first.get("warmupIterations")) + " -w " + time(first.get("warmupTime"))
                + " -i " + intOf(first.get("measurementIterations")) + " -r " + time(first.get("measurementTime"))
                + (gc ? " -prof gc" : "") + " -rf json -rff " + file;
    }

    private static String intOf(Object value) {
        return value instanceof Number n ? Long.toString(n.longValue()) : String.valueOf(value);
    }

    /** JMH's "1 s" as the command line's "1s". */
    private static String time(Object value) {
        return String.valueOf(value).replace(" ", "");
    }

    /** The machine this runs on: CPU model and count, OS. The report is made where the benchmarks ran. */
    static String machine() {
        String model = "unknown CPU";
        try {
            for (String line : Files.readAllLines(Path.of("/proc/cpuinfo"))) {
                if (line.startsWith("model name")) {
                    model = line.substring(line.indexOf(':') + 1).trim();
                    break;
                }
            }
        } catch (IOException | RuntimeException e) {
            // not Linux: the JVM's view below still says enough
        }
        return model + ", " + Runtime.getRuntime().availableProcessors() + " CPUs, " + System.getProperty("os.name")
                + " " + System.getProperty("os.version") + " " + System.getProperty("os.arch");
    }

    /** The whole report: header, then the three kinds of table that have rows. */
    static String render(List<Result> results, List<String> commands, String machine) {
        StringBuilder out = new StringBuilder();
        if (!results.isEmpty()) {
            Map<String, Object> first = results.get(0).raw();
            out.append("Machine: ").append(machine).append(". JDK: ").append(first.get("jdkVersion")).append(", ")
                    .append(first.get("vmName")).append(' ').append(first.get("vmVersion")).append(". JVM options: ")
                    .append(jvmOptions(results)).append(".\n\n");
        }
        out.append("Command").append(commands.size() > 1 ? "s" : "").append(":\n\n```sh\n");
        commands.forEach(c -> out.append(c).append('\n'));
        out.append("```\n");
        comparisons(results, out);
        absolutes(results, out);
        machines(results, out);
        return out.toString();
    }

    /** The forks' JVM options; where benchmarks differ (a bigger heap), which has which. */
    private static String jvmOptions(List<Result> results) {
        Map<String, Set<String>> byOptions = new LinkedHashMap<>();
        for (Result r : results) {
            String options = String.join(" ", strings(r.raw().get("jvmArgs")));
            byOptions.computeIfAbsent(options, o -> new LinkedHashSet<>()).add(r.className());
        }
        if (byOptions.size() == 1) {
            return "`" + byOptions.keySet().iterator().next() + "`";
        }
        return byOptions.entrySet().stream()
                .map(e -> "`" + e.getKey() + "` (" + String.join(", ", e.getValue()) + ")")
                .collect(Collectors.joining("; "));
    }

    @SuppressWarnings("unchecked")
    private static List<String> strings(Object list) {
        List<String> out = new ArrayList<>();
        if (list instanceof List<?> l) {
            ((List<Object>) l).forEach(o -> out.add(String.valueOf(o)));
        }
        return out;
    }

    private static void comparisons(List<Result> results, StringBuilder out) {
        Map<String, Result> baselines = new LinkedHashMap<>();
        for (Result r : results) {
            if (BASELINE.equals(r.params().get(IMPL))) {
                baselines.put(r.benchmark() + "|" + r.paramsWithout(IMPL), r);
            }
        }
        List<String> rows = new ArrayList<>();
        for (Result ours : results) {
            String impl = ours.params().get(IMPL);
            if (impl == null || impl.equals(BASELINE)) {
                continue;
            }
            Result base = baselines.get(ours.benchmark() + "|" + ours.paramsWithout(IMPL));
            if (base == null) {
                continue;
            }
            rows.add("| `" + ours.shortName() + "` | " + impl + " | " + ours.paramsWithout(IMPL) + " | "
                    + score(ours) + " | " + score(base) + " | " + ratio(base.score() / ours.score()) + " | "
                    + bytes(ours.allocation()) + " | " + bytes(base.allocation()) + " |");
        }
        if (rows.isEmpty()) {
            return;
        }
        out.append("\n| benchmark | ours | parameters | ours (").append(unit(results)).append(") | java.util (")
                .append(unit(results)).append(") | ours ÷ java.util | ours B/op | java.util B/op |\n")
                .append("|---|---|---|---:|---:|---:|---:|---:|\n");
        rows.forEach(row -> out.append(row).append('\n'));
    }

    private static void absolutes(List<Result> results, StringBuilder out) {
        List<String> rows = new ArrayList<>();
        for (Result r : results) {
            if (r.params().containsKey(IMPL) || isMachine(r)) {
                continue;
            }
            rows.add("| `" + r.shortName() + "` | " + r.paramsWithout("") + " | " + score(r) + " | "
                    + bytes(r.allocation()) + " |");
        }
        if (rows.isEmpty()) {
            return;
        }
        out.append("\n| benchmark | parameters | ").append(unit(results)).append(" | B/op |\n")
                .append("|---|---|---:|---:|\n");
        rows.forEach(row -> out.append(row).append('\n'));
    }

    private static String unit(List<Result> results) {
        Set<String> units = new TreeSet<>();
        for (Result r : results) {
            if (!isMachine(r)) {
                units.add(r.unit());
            }
        }
        return String.join(", ", units);
    }

    /** A whole-machine result: throughput of simulated milliseconds, with events counted beside it. */
    static boolean isMachine(Result r) {
        return r.mode().equals("thrpt") && r.secondary().containsKey("events");
    }

    private static void machines(List<Result> results, StringBuilder out) {
        Map<String, Result> untraced = new LinkedHashMap<>();
        for (Result r : results) {
            if (isMachine(r) && "off".equals(r.params().get(TRACE))) {
                untraced.put(r.benchmark() + "|" + r.paramsWithout(TRACE), r);
            }
        }
        List<String> rows = new ArrayList<>();
        for (Result r : results) {
            if (!isMachine(r)) {
                continue;
            }
            String trace = r.params().getOrDefault(TRACE, "off");
            Result off = untraced.get(r.benchmark() + "|" + r.paramsWithout(TRACE));
            String slowdown = !trace.equals("off") && off != null ? ratio(off.score() / r.score()) : "";
            double traceBytes = r.secondary().getOrDefault("traceBytes", 0.0);
            // results from before the counter have none: left blank rather than guessed from a parameter
            Double cpuMillis = r.secondary().get("cpuMillis");
            rows.add("| `" + r.className() + "` | " + r.paramsWithout(TRACE) + " | " + trace + " | "
                    + fixed(r.score() / 1000) + (Double.isNaN(r.error()) ? "" : " ± " + fixed(r.error() / 1000)) + " | "
                    + (cpuMillis != null ? fixed(cpuMillis / 1000) : "") + " | "
                    + fixed(r.secondary().get("events") / 1e6) + " | "
                    + fixed(r.secondary().get("events") / r.score()) + " | "
                    + (traceBytes > 0 ? fixed(traceBytes / 1e6) : "") + " | " + slowdown + " |");
        }
        if (rows.isEmpty()) {
            return;
        }
        out.append("\n| machine | parameters | trace | × real time | CPUs × real time | M events/s"
                + " | events per simulated ms | trace MB/s | slowdown |\n|---|---|---|---:|---:|---:|---:|---:|---:|\n");
        rows.forEach(row -> out.append(row).append('\n'));
    }

    private static String score(Result r) {
        return fixed(r.score()) + (Double.isNaN(r.error()) ? "" : " ± " + fixed(r.error()));
    }

    /** Three significant digits, without exponent: 0.0123, 1.23, 12.3, 1234. */
    static String fixed(double value) {
        if (Double.isNaN(value)) {
            return "—";
        }
        double abs = Math.abs(value);
        int decimals = abs >= 100 ? 0 : abs >= 10 ? 1 : abs >= 1 ? 2 : abs >= 0.1 ? 3 : 4;
        return String.format(Locale.ROOT, "%." + decimals + "f", value);
    }

    private static String ratio(double value) {
        return String.format(Locale.ROOT, "%.2f×", value);
    }

    /** JMH's own bookkeeping shows as thousandths of a byte: below half a byte is none. */
    private static String bytes(double value) {
        if (Double.isNaN(value)) {
            return "—";
        }
        return value < 0.5 ? "0" : String.format(Locale.ROOT, "%.0f", value);
    }

    /** Just enough JSON for JMH's result files: objects, arrays, strings, numbers, booleans, null. */
    static final class Json {
        private final String text;
        private int at;

        private Json(String text) {
            this.text = text;
        }

        static Object parse(String text) {
            Json json = new Json(text);
            Object value = json.value();
            json.space();
            if (json.at != text.length()) {
                throw json.error("trailing text");
            }
            return value;
        }

        private Object value() {
            space();
            if (at >= text.length()) {
                throw error("unexpected end");
            }
            char c = text.charAt(at);
            switch (c) {
                case '{':
                    return object();
                case '[':
                    return array();
                case '"':
                    return string();
                case 't':
                    return literal("true", Boolean.TRUE);
                case 'f':
                    return literal("false", Boolean.FALSE);
                case 'n':
                    return literal("null", null);
                default:
                    return number();
            }
        }

        private Map<String, Object> object() {
            Map<String, Object> map = new LinkedHashMap<>();
            at++;
            space();
            if (peek('}')) {
                return map;
            }
            do {
                space();
                String key = string();
                space();
                expect(':');
                map.put(key, value());
                space();
            } while (peek(','));
            expect('}');
            return map;
        }

        private List<Object> array() {
            List<Object> list = new ArrayList<>();
            at++;
            space();
            if (peek(']')) {
                return list;
            }
            do {
                list.add(value());
                space();
            } while (peek(','));
            expect(']');
            return list;
        }

        private String string() {
            expect('"');
            StringBuilder out = new StringBuilder();
            while (at < text.length()) {
                char c = text.charAt(at++);
                if (c == '"') {
                    return out.toString();
                }
                if (c != '\\') {
                    out.append(c);
                    continue;
                }
                char e = text.charAt(at++);
                switch (e) {
                    case 'n' -> out.append('\n');
                    case 't' -> out.append('\t');
                    case 'r' -> out.append('\r');
                    case 'b' -> out.append('\b');
                    case 'f' -> out.append('\f');
                    case 'u' -> {
                        out.append((char) Integer.parseInt(text.substring(at, at + 4), 16));
                        at += 4;
                    }
                    default -> out.append(e);
                }
            }
            throw error("unterminated string");
        }

        private Object number() {
            int start = at;
            while (at < text.length() && "+-0123456789.eE".indexOf(text.charAt(at)) >= 0) {
                at++;
            }
            if (start == at) {
                throw error("unexpected character '" + text.charAt(at) + "'");
            }
            return Double.parseDouble(text.substring(start, at));
        }

        private Object literal(String word, Object value) {
            if (!text.startsWith(word, at)) {
                throw error("expected " + word);
            }
            at += word.length();
            return value;
        }

        private void space() {
            while (at < text.length() && Character.isWhitespace(text.charAt(at))) {
                at++;
            }
        }

        private boolean peek(char c) {
            if (at < text.length() && text.charAt(at) == c) {
                at++;
                return true;
            }
            return false;
        }

        private void expect(char c) {
            if (!peek(c)) {
                throw error("expected '" + c + "'");
            }
        }

        private IllegalArgumentException error(String what) {
            return new IllegalArgumentException("JSON at " + at + ": " + what);
        }
    }
}
