package dev.xenolith.guest.sched;

import dev.xenolith.guest.lib.RbNode;

/**
 * {@code struct sched_entity}: what CFS knows of a task: its weight, whether it is queued, its virtual
 * runtime and the real runtime it has had (in total and since it was last picked).
 *
 * <p>The entity is its own node in the timeline ({@code run_node}), so that the descent in
 * {@code __enqueue_entity} reads each level's links and {@code vruntime} from one object.
 */
final class SchedEntity extends RbNode<SchedEntity> {
    long vruntime;
    long execStart;
    long sumExecRuntime;
    long prevSumExecRuntime;
    boolean onRq;
    final Task task;
    final LoadWeight load = new LoadWeight();

    SchedEntity(Task task) {
        this.task = task;
    }

    /** Itself, without reading the field that says so: the descent's key is then one load from the node. */
    @Override
    public SchedEntity owner() {
        return this;
    }

    @Override
    public String toString() {
        return "se(" + task + ")";
    }
}
