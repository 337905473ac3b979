package dev.xenolith.hypervisor.sched;

import java.util.Collections;
import java.util.Map;
import java.util.TreeMap;

/**
 * Scheduler parameters by their Xen names ({@code weight}, {@code cap}, {@code tslice}, {@code ratelimit},
 * {@code mcu_advance}, {@code warp}, ...), as whole numbers in the unit the scheduler documents (times in
 * ns). The image reader converts durations; each scheduler validates names and ranges.
 */
public record SchedParams(Map<String, Long> values) {
    public static final SchedParams NONE = new SchedParams(Map.of());

    public SchedParams {
        values = Collections.unmodifiableMap(new TreeMap<>(values));
    }

    public long get(String name, long defaultValue) {
        Long value = values.get(name);
        return value == null ? defaultValue : value;
    }

    public boolean has(String name) {
        return values.containsKey(name);
    }
}
