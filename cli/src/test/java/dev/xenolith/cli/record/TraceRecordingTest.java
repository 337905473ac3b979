package dev.xenolith.cli.record;

import static dev.xenolith.cli.testing.TestTrace.XEN;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.xenolith.cli.record.TraceRecording.BadRecording;
import dev.xenolith.cli.testing.TestTrace.Fn;
import dev.xenolith.cli.testing.TestTrace.Raise;
import dev.xenolith.machine.trace.Layer;
import dev.xenolith.machine.trace.TraceEvent;
import dev.xenolith.machine.trace.TraceSink;
import dev.xenolith.machine.trace.TracedFunction;
import java.io.ByteArrayOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

final class TraceRecordingTest {
    private static final Layer GUEST = new Layer("d1v0");

    /** A tracepoint with the usual graph form, and a name from an image that need not be ASCII. */
    record Switch(String next) implements TraceEvent {
        @Override
        public String name() {
            return "sched_switch";
        }

        @Override
        public void appendFields(StringBuilder out) {
            out.append("next_comm=").append(next);
        }
    }

    /** Writes every record down as text, with the identity of each function object it was handed. */
    private static final class Transcript implements TraceSink {
        final List<String> lines = new ArrayList<>();
        final List<TracedFunction> functions = new ArrayList<>();

        @Override
        public void functionEntry(int cpu, long time, Layer layer, TracedFunction function) {
            lines.add("entry " + cpu + " " + time + " " + layer + " " + function.symbol());
            functions.add(function);
        }

        @Override
        public void functionExit(int cpu, long time, Layer layer, TracedFunction function, long duration) {
            lines.add("exit " + cpu + " " + time + " " + layer + " " + function.symbol() + " " + duration);
            functions.add(function);
        }

        @Override
        public void event(int cpu, long time, Layer layer, TraceEvent event) {
            StringBuilder fields = new StringBuilder();
            event.appendFields(fields);
            StringBuilder graph = new StringBuilder();
            event.appendGraph(graph);
            lines.add("event " + cpu + " " + time + " " + layer + " " + event.name() + " [" + fields + "] [" + graph
                    + "]");
        }

        @Override
        public void finish(long time) {
            lines.add("finish " + time);
        }
    }

    /** The same records, in an order where CPU 1 runs ahead of CPU 0, times repeat and layers change. */
    private static void play(TraceSink sink) {
        sink.functionEntry(0, 5_000, XEN, Fn.DO_SOFTIRQ);
        sink.event(0, 5_000, XEN, new Raise("SCHEDULE_SOFTIRQ"));
        sink.functionEntry(1, 9_000_000_000_000L, GUEST, Fn.APIC_TIMER_INTERRUPT);
        sink.event(1, 9_000_000_000_001L, GUEST, new Switch("édition"));
        sink.functionExit(0, 7_000, XEN, Fn.DO_SOFTIRQ, 2_000);
        sink.functionExit(1, 9_000_000_000_500L, GUEST, Fn.APIC_TIMER_INTERRUPT, 500);
        sink.functionEntry(0, 7_000, GUEST, Fn.APIC_TIMER_INTERRUPT);
        sink.functionExit(0, 7_000, GUEST, Fn.APIC_TIMER_INTERRUPT, 0);
        // exits a machine's CPU never makes: a duration that is not the time since the entry, a call not open
        sink.functionEntry(0, 8_000, XEN, Fn.DO_SOFTIRQ);
        sink.functionExit(0, 9_000, XEN, Fn.DO_SOFTIRQ, 5);
        sink.functionExit(1, 9_000_000_000_600L, GUEST, Fn.DO_SOFTIRQ, 7);
        sink.finish(9_000_000_001_000L);
    }

    private static byte[] record(int cpus) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        play(new TraceRecorder(bytes, cpus));
        return bytes.toByteArray();
    }

    @Test
    void replay_handsOverTheRecordsAsTheMachineDid(@TempDir Path dir) throws Exception {
        Path file = Files.write(dir.resolve("run.xtrace"), record(2));
        Transcript direct = new Transcript();
        play(direct);

        TraceRecording recording = TraceRecording.open(file);
        Transcript replayed = new Transcript();
        long end = recording.replay(replayed);

        assertThat(recording.cpus()).isEqualTo(2);
        assertThat(end).isEqualTo(9_000_000_001_000L);
        assertThat(replayed.lines).isEqualTo(direct.lines);
        // a renderer pairs entries and exits by identity: one object per function
        assertThat(replayed.functions.get(0)).isSameAs(replayed.functions.get(2));
        assertThat(replayed.functions.get(1)).isSameAs(replayed.functions.get(3)).isNotSameAs(replayed.functions.get(0));
    }

    @Test
    void aFunctionCall_costsAFewBytes() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        TraceRecorder recorder = new TraceRecorder(bytes, 4);
        for (int i = 1; i <= 1000; i++) {
            recorder.functionEntry(3, i * 1_000_000L, XEN, Fn.DO_SOFTIRQ);
            recorder.functionExit(3, i * 1_000_000L + 100_000, XEN, Fn.DO_SOFTIRQ, 100_000);
        }
        recorder.finish(0);
        // the CPU and the layer are said once; an entry is a tag, the time since the last record (1 us: 3 bytes)
        // and the function; a return is a tag and the time (0.1 us: 3 bytes), its function and duration implied
        int header = RecordFormat.MAGIC.length + 2;
        int definitions = 2 * (1 + 1 + 1) + "xen".length() + "do_softirq".length();
        int cpuAndLayer = 2 + 2;
        int finish = 2;
        assertThat(bytes.size()).isEqualTo(header + definitions + cpuAndLayer + 1000 * (5 + 4) + finish);
    }

    @Test
    void notARecording_isRefusedAtOnce(@TempDir Path dir) throws Exception {
        Path file = Files.writeString(dir.resolve("trace.txt"), "# tracer: function_graph\n");
        assertThatThrownBy(() -> TraceRecording.open(file)).isInstanceOf(BadRecording.class)
                .hasMessage(file + " is not a xenolith trace recording (it does not start as one)");
    }

    @Test
    void aRecordingCutShort_isReplayedUpToItsLastWholeRecordAndThenReported(@TempDir Path dir) throws Exception {
        byte[] whole = record(2);
        for (int cut = whole.length - 1; cut > RecordFormat.MAGIC.length + 2; cut -= 7) {
            Path file = Files.write(dir.resolve("cut" + cut), Arrays.copyOf(whole, cut));
            Transcript replayed = new Transcript();
            assertThatThrownBy(() -> TraceRecording.open(file).replay(replayed)).isInstanceOf(BadRecording.class)
                    .hasMessageContaining("the recording was cut short");
            assertThat(replayed.lines).last().asString().startsWith("finish ");
        }
    }

    @Test
    void aDamagedRecord_isReportedWithItsByteOffset(@TempDir Path dir) throws Exception {
        byte[] bytes = record(2);
        int firstRecord = RecordFormat.MAGIC.length + 2;
        bytes[firstRecord] = 42;
        Path file = Files.write(dir.resolve("damaged"), bytes);
        assertThatThrownBy(() -> TraceRecording.open(file).replay(new Transcript()))
                .isInstanceOf(BadRecording.class)
                .hasMessage(file + " is damaged: an unknown record type 42 at byte " + firstRecord);

        byte[] tooFewCpus = record(2);
        tooFewCpus[RecordFormat.MAGIC.length + 1] = 1;
        Path oneCpu = Files.write(dir.resolve("one-cpu"), tooFewCpus);
        assertThatThrownBy(() -> TraceRecording.open(oneCpu).replay(new Transcript()))
                .isInstanceOf(BadRecording.class).hasMessageContaining("a record of CPU 1 in a recording of 1 CPUs");
    }
}
