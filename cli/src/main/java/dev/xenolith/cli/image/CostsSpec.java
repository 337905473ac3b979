package dev.xenolith.cli.image;

import java.util.Collections;
import java.util.Map;
import java.util.TreeMap;

/**
 * Cost overrides in cycles by cost name (sorted by name), or {@code zero}: every cost is 0, an ideal
 * machine. An image without {@code costs:} overrides nothing; {@code pos} is then the start of the image.
 */
public record CostsSpec(boolean zero, Map<String, Long> overrides, SourcePos pos) {
    public CostsSpec {
        overrides = Collections.unmodifiableMap(new TreeMap<>(overrides));
    }
}
