package dev.xenolith.cli.image;

import java.util.List;

/** How to run: until which simulated time, with which RNG seed, and the default trace kinds. */
public record RunSpec(long untilPicos, long seed, List<String> trace, SourcePos pos) {
    public RunSpec {
        trace = List.copyOf(trace);
    }
}
