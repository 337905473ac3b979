package dev.xenolith.cli.image;

import java.util.Collections;
import java.util.Map;
import java.util.TreeMap;

/**
 * The hypervisor's scheduler and its scheduler-wide parameters, as the image names them (Xen's names in
 * kebab-case); times are in nanoseconds (Xen's unit), other values as written. The map is sorted by name.
 */
public record HypervisorSpec(String scheduler, Map<String, Long> params, SourcePos pos) {
    public HypervisorSpec {
        params = Collections.unmodifiableMap(new TreeMap<>(params));
    }
}
