package dev.xenolith.guest.sched;

import dev.xenolith.machine.trace.TraceEvent;

/** The scheduler's tracepoints, printed as trace-cmd reports them. */
final class SchedEvent {
    private SchedEvent() {
    }

    /** {@code sched_switch}. */
    record Switch(String prevComm, int prevPid, int prevPrio, int prevState, String nextComm, int nextPid,
            int nextPrio) implements TraceEvent {
        static Switch of(Task prev, Task next) {
            return new Switch(prev.comm(), prev.pid(), prev.prio, prev.state, next.comm(), next.pid(), next.prio);
        }

        @Override
        public String name() {
            return "sched_switch";
        }

        @Override
        public void appendFields(StringBuilder out) {
            out.append("prev_comm=").append(prevComm).append(" prev_pid=").append(prevPid)
                    .append(" prev_prio=").append(prevPrio).append(" prev_state=").append(stateLetter(prevState))
                    .append(" ==> next_comm=").append(nextComm).append(" next_pid=").append(nextPid)
                    .append(" next_prio=").append(nextPrio);
        }

        private static String stateLetter(int state) {
            return switch (state) {
                case Task.TASK_RUNNING -> "R";
                case Task.TASK_INTERRUPTIBLE -> "S";
                case Task.TASK_UNINTERRUPTIBLE -> "D";
                case Task.TASK_DEAD -> "X";
                default -> Integer.toString(state);
            };
        }
    }

    /** {@code sched_wakeup} and {@code sched_wakeup_new}. */
    record Wakeup(boolean isNew, String comm, int pid, int prio, boolean success, int targetCpu) implements TraceEvent {
        static Wakeup of(boolean isNew, Task p, boolean success) {
            return new Wakeup(isNew, p.comm(), p.pid(), p.prio, success, p.cpu);
        }

        @Override
        public String name() {
            return isNew ? "sched_wakeup_new" : "sched_wakeup";
        }

        @Override
        public void appendFields(StringBuilder out) {
            out.append("comm=").append(comm).append(" pid=").append(pid).append(" prio=").append(prio)
                    .append(" success=").append(success ? 1 : 0).append(" target_cpu=").append(targetCpu);
        }
    }

    /** {@code sched_migrate_task}. */
    record Migrate(String comm, int pid, int prio, int origCpu, int destCpu) implements TraceEvent {
        @Override
        public String name() {
            return "sched_migrate_task";
        }

        @Override
        public void appendFields(StringBuilder out) {
            out.append("comm=").append(comm).append(" pid=").append(pid).append(" prio=").append(prio)
                    .append(" orig_cpu=").append(origCpu).append(" dest_cpu=").append(destCpu);
        }
    }
}
