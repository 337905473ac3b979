package dev.xenolith.guest;

import java.util.List;
import java.util.Objects;

/**
 * How the guest kernel is built and what it runs: {@code CONFIG_HZ}, tickless idle ({@code CONFIG_NO_HZ}),
 * high-resolution timers, {@code CONFIG_PREEMPT}, the seed of the RNG that draws variable work, and the
 * tasks that {@code init} starts.
 */
public record KernelConfig(int hz, boolean nohz, boolean highres, boolean preempt, long seed, List<TaskConfig> tasks) {
    public static final List<Integer> HZ_CHOICES = List.of(100, 250, 300, 1000);

    public KernelConfig {
        Objects.requireNonNull(tasks);
        tasks = List.copyOf(tasks);
        if (!HZ_CHOICES.contains(hz)) {
            throw new IllegalArgumentException("HZ " + hz + " is not one of " + HZ_CHOICES);
        }
    }

    /** HZ=250 with full preemption and periodic ticks, as the 2.6.25 defconfig has, minus nohz/highres. */
    public static KernelConfig periodic(List<TaskConfig> tasks) {
        return new KernelConfig(250, false, false, true, 1, tasks);
    }
}
