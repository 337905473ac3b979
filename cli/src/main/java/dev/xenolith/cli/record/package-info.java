/**
 * Trace recordings: the whole trace of a run (every CPU's function entries and exits and tracepoints) kept
 * in a compact binary file while the machine runs, and rendered into any trace view afterwards, as
 * {@code trace-cmd record} and {@code trace-cmd report} split ftrace's work. Rendering text costs far more
 * than simulating the machine that produces it; recording does not.
 */
package dev.xenolith.cli.record;
