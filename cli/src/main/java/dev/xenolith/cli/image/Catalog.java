package dev.xenolith.cli.image;

import java.util.Collection;
import java.util.List;
import java.util.Map;

/**
 * What the rest of Xenolith offers an image, so that the reader can reject a misspelt name with a
 * suggestion instead of failing at boot. The integrator implements it from the real modules: the
 * hypervisor's scheduler plug-ins, the cost table, the guest's device files and the trace views.
 *
 * <p>Iteration order of the returned collections does not matter: the reader sorts names before it
 * lists them, so messages are the same whatever collection an implementation returns.
 */
public interface Catalog {

    /** The schedulers {@code hypervisor.scheduler} may name ({@code rrobin}, {@code bvt}, {@code credit}). */
    Collection<String> schedulers();

    /** The scheduler-wide parameters ({@code hypervisor.params}) of one of {@link #schedulers()}. */
    List<Param> globalParams(String scheduler);

    /** The per-domain parameters ({@code domains[].sched}) of one of {@link #schedulers()}. */
    List<Param> domainParams(String scheduler);

    /** The cost names {@code costs:} may override (kernel function symbols and hardware actions). */
    Collection<String> costs();

    /**
     * The devices a task may {@code read} or {@code write} ({@code serio_raw}, {@code ttyS0}), each with
     * the machine device that backs it ({@code i8042}, {@code com1}), which the machine must then have.
     */
    Map<String, String> taskDevices();

    /** The machine devices {@code input:} may feed ({@code i8042}, {@code com1}). */
    Collection<String> inputDevices();

    /**
     * What is wrong with a scheduler's parameters together (each already within its own range), or null:
     * rules between parameters, such as credit's {@code ratelimit} not above its {@code tslice}.
     */
    default String globalParamsProblem(String scheduler, Map<String, Long> params) {
        return null;
    }

    /** The trace kinds {@code run.trace} may list (the names {@code --trace} accepts). */
    Collection<String> traceKinds();

    /**
     * One scheduler parameter, named as in Xen but in kebab-case, like every key of an image.
     *
     * @param name       the key written in the image ({@code mcu-advance} for Xen's {@code mcu_advance})
     * @param unit       for a time parameter, the unit Xen's tools take it in ({@code ms} for credit's
     *                   {@code tslice}), suggested when a bare number is written; the value is then kept
     *                   in nanoseconds. {@code null} for a plain whole number.
     * @param min        the smallest value accepted (nanoseconds for a time)
     * @param max        the largest value accepted (nanoseconds for a time); per vcpu if {@code perVcpu}
     * @param perVcpu    whether {@code max} scales with the domain's vcpus, as credit's {@code cap} does
     *                   (100 per vcpu); meaningless for scheduler-wide parameters
     * @param step       for a time, the nanoseconds it must be a whole number of (1: any); 1 for a number
     * @param offAllowed whether 0 is accepted besides {@code min..max}, as the value that turns the mechanism
     *                   off (credit's {@code ratelimit})
     */
    record Param(String name, String unit, long min, long max, boolean perVcpu, long step, boolean offAllowed) {
        /** A whole number from {@code min} to {@code max}. */
        public static Param number(String name, long min, long max) {
            return new Param(name, null, min, max, false, 1, false);
        }

        /** A whole number from {@code min} to {@code maxPerVcpu} times the domain's vcpus. */
        public static Param perVcpu(String name, long min, long maxPerVcpu) {
            return new Param(name, null, min, maxPerVcpu, true, 1, false);
        }

        /** A time from {@code minNanos} to {@code maxNanos}, usually written in {@code unit}. */
        public static Param time(String name, String unit, long minNanos, long maxNanos) {
            return new Param(name, unit, minNanos, maxNanos, false, 1, false);
        }

        /** This time, in whole multiples of {@code stepNanos} only, as the scheduler takes it. */
        public Param inWhole(long stepNanos) {
            return new Param(name, unit, min, max, perVcpu, stepNanos, offAllowed);
        }

        /** This parameter, also taking 0 to turn its mechanism off. */
        public Param orOff() {
            return new Param(name, unit, min, max, perVcpu, step, true);
        }

        public boolean isTime() {
            return unit != null;
        }
    }
}
