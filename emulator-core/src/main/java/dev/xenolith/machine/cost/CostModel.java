package dev.xenolith.machine.cost;

import java.util.Collections;
import java.util.Map;
import java.util.TreeMap;

/**
 * The cycles every {@link CostKey} costs on one machine: the defaults, an image's overrides, or zero
 * everywhere for an ideal machine that tests compare with analytic results.
 *
 * <p>Layers resolve their enum once into a {@code long[]} indexed by ordinal ({@link #table}), so
 * charging a cost on a hot path is one array load.
 */
public final class CostModel {
    private final boolean ideal;
    private final Map<String, Long> overrides;

    private CostModel(boolean ideal, Map<String, Long> overrides) {
        this.ideal = ideal;
        this.overrides = Collections.unmodifiableMap(new TreeMap<>(overrides));
    }

    public static CostModel defaults() {
        return new CostModel(false, Map.of());
    }

    /** Every cost zero: an ideal machine. Overrides given later still apply. */
    public static CostModel zero() {
        return new CostModel(true, Map.of());
    }

    /** This model with {@code name} costing {@code cycles}; names are checked by the image reader. */
    public CostModel with(String name, long cycles) {
        if (cycles < 0) {
            throw new IllegalArgumentException("cost " + name + " must not be negative: " + cycles);
        }
        Map<String, Long> next = new TreeMap<>(overrides);
        next.put(name, cycles);
        return new CostModel(ideal, next);
    }

    public long cycles(CostKey key) {
        Long override = overrides.get(key.costName());
        if (override != null) {
            return override;
        }
        return ideal ? 0 : key.defaultCycles();
    }

    /** The cost of every constant of {@code type}, indexed by ordinal. */
    public <E extends Enum<E> & CostKey> long[] table(Class<E> type) {
        E[] keys = type.getEnumConstants();
        long[] cycles = new long[keys.length];
        for (E key : keys) {
            cycles[key.ordinal()] = cycles(key);
        }
        return cycles;
    }

    public boolean isIdeal() {
        return ideal;
    }

    public Map<String, Long> overrides() {
        return overrides;
    }
}
