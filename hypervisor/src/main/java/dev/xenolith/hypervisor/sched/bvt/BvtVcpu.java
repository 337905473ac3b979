package dev.xenolith.hypervisor.sched.bvt;

import dev.xenolith.hypervisor.domain.Vcpu;
import dev.xenolith.hypervisor.timer.AcTimer;

/**
 * {@code struct bvt_dom_info} for one vcpu. Virtual times are Xen's {@code u32}s, held in ints and
 * compared and divided unsigned; {@code -1} is {@code ~0U}, the idle vcpu's virtual time.
 */
final class BvtVcpu {
    final Vcpu vcpu;
    /** Inverse weight: virtual time charged per MCU of real time. */
    int mcuAdvance = BvtScheduler.MCU_ADVANCE;
    /** Actual virtual time. */
    int avt;
    /** Effective virtual time: avt, less warp_value while warped. */
    int evt;
    /** Warping allowed (the {@code warp} parameter). */
    boolean warpback;
    /** Warped now: set and within the warp limits. */
    boolean warp;
    int warpValue;
    /** How long a warp may last, ns; 0 = unlimited. */
    long warpl = BvtScheduler.DEFAULT_WARPL;
    /** How long to stay unwarped after a warp ran out, ns. */
    long warpu = BvtScheduler.DEFAULT_WARPU;
    AcTimer warpTimer;
    AcTimer unwarpTimer;
    /** The CPU whose run queue holds this vcpu, or -1 ({@code __task_on_runqueue} false). */
    int queuedOn = -1;
    /** The CPU whose svt avt was last measured against; a change means the vcpu migrated. */
    int svtCpu;

    BvtVcpu(Vcpu vcpu) {
        this.vcpu = vcpu;
        this.svtCpu = vcpu.processor();
    }
}
