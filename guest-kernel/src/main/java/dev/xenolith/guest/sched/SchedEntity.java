package dev.xenolith.guest.sched;

import dev.xenolith.guest.lib.RbNode;

/**
 * {@code struct sched_entity}: what CFS knows of a task: its weight, its node in the timeline, whether it is
 * queued, its virtual runtime and the real runtime it has had (in total and since it was last picked).
 */
final class SchedEntity {
    final Task task;
    final LoadWeight load = new LoadWeight();
    final RbNode<SchedEntity> runNode = new RbNode<>(this);
    boolean onRq;
    long execStart;
    long sumExecRuntime;
    long vruntime;
    long prevSumExecRuntime;

    SchedEntity(Task task) {
        this.task = task;
    }
}
