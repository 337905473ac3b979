package dev.xenolith.cli.image;

/**
 * A guest kernel's configuration: {@code CONFIG_HZ}, tickless idle ({@code CONFIG_NO_HZ}), high-resolution
 * timers ({@code CONFIG_HIGH_RES_TIMERS}) and full preemption ({@code CONFIG_PREEMPT}).
 */
public record KernelSpec(int hz, boolean nohz, boolean highres, boolean preempt, SourcePos pos) {
}
