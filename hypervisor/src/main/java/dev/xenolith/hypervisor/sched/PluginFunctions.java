package dev.xenolith.hypervisor.sched;

import dev.xenolith.machine.trace.TracedFunction;

/**
 * A scheduler plug-in's traced functions ({@code csched_schedule}, {@code bvt_do_schedule}): entering one
 * charges its cost on {@code cpu} and records it when tracing is on. The framework supplies the real one;
 * unit tests of a plug-in may use {@link #none()}.
 */
public interface PluginFunctions<F extends Enum<F> & TracedFunction> {
    void enter(int cpu, F function);

    void exit(int cpu, F function);

    /** Functions that charge and record nothing. */
    static <F extends Enum<F> & TracedFunction> PluginFunctions<F> none() {
        return new PluginFunctions<>() {
            @Override
            public void enter(int cpu, F function) {
            }

            @Override
            public void exit(int cpu, F function) {
            }
        };
    }
}
