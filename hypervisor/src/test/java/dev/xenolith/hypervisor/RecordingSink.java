package dev.xenolith.hypervisor;

import dev.xenolith.machine.trace.Layer;
import dev.xenolith.machine.trace.TraceEvent;
import dev.xenolith.machine.trace.TraceSink;
import dev.xenolith.machine.trace.TracedFunction;
import java.util.ArrayList;
import java.util.List;

/** Records a trace as one line per record: {@code cpu time layer >symbol}, {@code <symbol}, {@code !event fields}. */
final class RecordingSink implements TraceSink {
    record Entry(int cpu, long time, String layer, String what) {
    }

    final List<Entry> records = new ArrayList<>();

    @Override
    public void functionEntry(int cpu, long time, Layer layer, TracedFunction function) {
        records.add(new Entry(cpu, time, layer.label(), ">" + function.symbol()));
    }

    @Override
    public void functionExit(int cpu, long time, Layer layer, TracedFunction function, long duration) {
        records.add(new Entry(cpu, time, layer.label(), "<" + function.symbol()));
    }

    @Override
    public void event(int cpu, long time, Layer layer, TraceEvent event) {
        StringBuilder fields = new StringBuilder();
        event.appendFields(fields);
        records.add(new Entry(cpu, time, layer.label(), "!" + event.name() + " " + fields));
    }

    /** Entries and events on {@code cpu} from index {@code from}, without exits. */
    List<String> calls(int cpu, int from) {
        List<String> out = new ArrayList<>();
        for (int i = from; i < records.size(); i++) {
            Entry e = records.get(i);
            if (e.cpu() == cpu && !e.what().startsWith("<")) {
                out.add(e.what());
            }
        }
        return out;
    }

    int indexOf(int cpu, String what, long notBefore) {
        for (int i = 0; i < records.size(); i++) {
            Entry e = records.get(i);
            if (e.cpu() == cpu && e.time() >= notBefore && e.what().equals(what)) {
                return i;
            }
        }
        return -1;
    }
}
