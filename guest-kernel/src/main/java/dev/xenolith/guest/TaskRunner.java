package dev.xenolith.guest;

import static dev.xenolith.guest.LinuxFunction.DO_EXIT;
import static dev.xenolith.guest.LinuxFunction.DO_NANOSLEEP;
import static dev.xenolith.guest.LinuxFunction.HRTIMER_WAKEUP;
import static dev.xenolith.guest.LinuxFunction.SYSTEM_CALL;
import static dev.xenolith.guest.LinuxFunction.SYS_CLOCK_NANOSLEEP;
import static dev.xenolith.guest.LinuxFunction.SYS_EXIT;
import static dev.xenolith.guest.LinuxFunction.SYS_NANOSLEEP;
import static dev.xenolith.guest.LinuxFunction.SYS_READ;
import static dev.xenolith.guest.LinuxFunction.SYS_SCHED_SETSCHEDULER;
import static dev.xenolith.guest.LinuxFunction.SYS_SCHED_YIELD;
import static dev.xenolith.guest.LinuxFunction.SYS_SETPRIORITY;
import static dev.xenolith.guest.LinuxFunction.SYS_WRITE;
import static dev.xenolith.guest.LinuxFunction.SYS_XENOLITH_WORK;

import dev.xenolith.guest.drivers.CharDevice;
import dev.xenolith.guest.sched.Task;
import dev.xenolith.guest.task.Op;
import dev.xenolith.guest.time.Hrtimer;
import dev.xenolith.guest.time.HrtimerRestart;
import dev.xenolith.guest.wait.WaitQueueEntry;
import dev.xenolith.machine.MachineFault;
import dev.xenolith.machine.cpu.Context;
import dev.xenolith.machine.cpu.Cpu;
import dev.xenolith.machine.time.Picos;
import java.util.List;

/**
 * A user task as the CPU runs it: the interpreter of its program and the system calls the program makes,
 * with the task's explicit continuation state (the step it is at, the cycles left of a cut work span, the
 * system call it sleeps in). Switched back in, it first finishes the {@code schedule()} that switched it
 * out, then goes on from that state: a blocking call re-enters the top of its wait loop.
 */
final class TaskRunner implements Context {
    private static final int USER = 3;
    private static final Op EXIT = new Op.Exit();
    /** What {@code hrtimer_nanosleep} returns when a signal ends the sleep: the call is restarted with the rest. */
    private static final int ERESTART_RESTARTBLOCK = -516;

    final Task task;
    private final Linux linux;
    private final List<Op> program;
    private final long startNs;
    private final WaitQueueEntry wait;
    private final Hrtimer sleepTimer;
    private int pc;
    private long loopsDone;
    private long workLeft;
    private int workCpl;
    /** The system call the task is inside, across sleeps and kernel work; null in user mode. */
    private Op inSyscall;
    private boolean sleeperWoken;
    private long sleepUntilNs;
    long lastResult;

    TaskRunner(Linux linux, Task task, List<Op> program, long startPicos) {
        this.linux = linux;
        this.task = task;
        this.program = program;
        this.startNs = startPicos / Picos.PER_NANOSECOND;
        this.wait = new WaitQueueEntry(task);
        this.sleepTimer = new Hrtimer(linux.hrtimers.bases[task.cpu()], this::hrtimerWakeup);
    }

    @Override
    public void resume(Cpu cpu) {
        linux.beginPath(cpu);
        if (task.takeSwitchIn() && linux.sched.finishTaskSwitch(cpu)) {
            return;
        }
        run(cpu);
    }

    @Override
    public void workStopped(Cpu cpu, long remainingCycles) {
        workLeft = remainingCycles;
    }

    @Override
    public String name() {
        return task.comm();
    }

    /** Whether the task was cut in a user-mode work span (what an event upcall interrupted). */
    boolean inUserWork() {
        return workLeft > 0 && workCpl == USER;
    }

    /** Runs steps until the task starts a work span or another task is switched in. */
    private void run(Cpu cpu) {
        while (true) {
            if (workLeft > 0) {
                linux.platform.startWork(cpu, workLeft, workCpl);
                return;
            }
            if (inSyscall != null) {
                if (!continueSyscall(cpu) || finishSyscall(cpu)) {
                    return;
                }
                continue;
            }
            if (!step(cpu)) {
                return;
            }
        }
    }

    /**
     * Starts the step at {@code pc}; false if the task left the CPU. A program that runs off its end exits,
     * as a process returning from {@code main} does.
     */
    private boolean step(Cpu cpu) {
        Op op = pc < program.size() ? program.get(pc) : EXIT;
        if (op instanceof Op.Compute compute) {
            pc++;
            startWork(drawCycles(cpu, compute), USER);
            return true;
        }
        if (op instanceof Op.Loop loop) {
            if (loop.count() == Op.Loop.FOREVER || loopsDone < loop.count()) {
                loopsDone++;
                pc = 0;
            } else {
                pc++;
            }
            return true;
        }
        pc++;
        linux.fn.call(cpu, SYSTEM_CALL);
        inSyscall = op;
        return enterSyscall(cpu, op) && !finishSyscall(cpu);
    }

    /** First entry into the system call of {@code op}; false if the task left the CPU. */
    private boolean enterSyscall(Cpu cpu, Op op) {
        if (op instanceof Op.Kernel kernel) {
            linux.fn.call(cpu, SYS_XENOLITH_WORK);
            startWork(kernel.work().cyclesOn(cpu.clock()), linux.platform.kernelRing());
            return true;
        }
        if (op instanceof Op.Read read) {
            return sysRead(cpu, read, false);
        }
        if (op instanceof Op.Write write) {
            linux.fn.enter(cpu, SYS_WRITE);
            lastResult = device(cpu, write.device()).write(cpu, write.bytes());
            linux.fn.exit(cpu, SYS_WRITE);
            return true;
        }
        if (op instanceof Op.Sleep sleep) {
            sleepUntilNs = Tick.ktimeGet(cpu) + sleep.picos() / Picos.PER_NANOSECOND;
            return nanosleep(cpu, SYS_NANOSLEEP, false);
        }
        if (op instanceof Op.WaitPeriod period) {
            long periodNs = period.periodPicos() / Picos.PER_NANOSECOND;
            long now = Tick.ktimeGet(cpu);
            sleepUntilNs = startNs + ((now - startNs) / periodNs + 1) * periodNs;
            return nanosleep(cpu, SYS_CLOCK_NANOSLEEP, false);
        }
        if (op instanceof Op.Yield) {
            linux.fn.enter(cpu, SYS_SCHED_YIELD);
            boolean switched = linux.sched.yield(cpu);
            linux.fn.exit(cpu, SYS_SCHED_YIELD);
            return !switched;
        }
        if (op instanceof Op.SetScheduler set) {
            linux.fn.enter(cpu, SYS_SCHED_SETSCHEDULER);
            linux.sched.setScheduler(cpu, task, set.policy(), set.priority());
            linux.fn.exit(cpu, SYS_SCHED_SETSCHEDULER);
            return true;
        }
        if (op instanceof Op.Nice nice) {
            linux.fn.enter(cpu, SYS_SETPRIORITY);
            linux.sched.setUserNice(cpu, task, nice.nice());
            linux.fn.exit(cpu, SYS_SETPRIORITY);
            return true;
        }
        if (op instanceof Op.Exit) {
            linux.fn.enter(cpu, SYS_EXIT);
            linux.fn.enter(cpu, DO_EXIT);
            linux.sched.exit(cpu);
            linux.fn.exit(cpu, DO_EXIT);
            linux.fn.exit(cpu, SYS_EXIT);
            return false;
        }
        throw new IllegalStateException("no system call for " + op);
    }

    /** Re-entry into the system call the task slept in or did kernel work for; false if it left again. */
    private boolean continueSyscall(Cpu cpu) {
        if (inSyscall instanceof Op.Read read) {
            return sysRead(cpu, read, true);
        }
        if (inSyscall instanceof Op.Sleep) {
            return nanosleep(cpu, SYS_NANOSLEEP, true);
        }
        if (inSyscall instanceof Op.WaitPeriod) {
            return nanosleep(cpu, SYS_CLOCK_NANOSLEEP, true);
        }
        return true; // kernel work done, a yield returned: only the exit path is left
    }

    /** {@code syscall_exit}; true if the task was switched out on its way back to user mode. */
    private boolean finishSyscall(Cpu cpu) {
        if (workLeft > 0) {
            return false; // kernel work still to do inside the call
        }
        inSyscall = null;
        boolean switched = linux.entry.syscallExit(cpu);
        task.clearSignal();
        return switched;
    }

    private boolean sysRead(Cpu cpu, Op.Read read, boolean resumed) {
        linux.fn.enter(cpu, SYS_READ);
        int result = device(cpu, read.device()).read(cpu, wait, read.count(), resumed);
        linux.fn.exit(cpu, SYS_READ);
        if (result == CharDevice.SLEPT) {
            return false;
        }
        lastResult = result;
        return true;
    }

    /**
     * {@code do_nanosleep}'s loop: INTERRUPTIBLE, arm the task's hrtimer, sleep; after each wake-up cancel
     * the timer and stop if it fired or a signal came. Low-resolution hrtimers expire from the tick.
     */
    private boolean nanosleep(Cpu cpu, LinuxFunction syscall, boolean resumed) {
        linux.fn.enter(cpu, syscall);
        linux.fn.enter(cpu, DO_NANOSLEEP);
        boolean slept = false;
        if (resumed) {
            linux.hrtimers.cancel(cpu, sleepTimer);
        }
        if (!resumed || (!sleeperWoken && !task.signalPending())) {
            sleeperWoken = false;
            task.setState(Task.TASK_INTERRUPTIBLE);
            linux.hrtimers.start(cpu, sleepTimer, sleepUntilNs);
            slept = linux.sched.schedule(cpu);
        }
        if (!slept) {
            task.setState(Task.TASK_RUNNING);
            lastResult = sleeperWoken ? 0 : ERESTART_RESTARTBLOCK;
        }
        linux.fn.exit(cpu, DO_NANOSLEEP);
        linux.fn.exit(cpu, syscall);
        return !slept;
    }

    /** {@code hrtimer_wakeup}: the sleeper's timer fired; wake it. */
    private HrtimerRestart hrtimerWakeup(Hrtimer timer, long now) {
        Cpu cpu = linux.runningCpu();
        linux.fn.enter(cpu, HRTIMER_WAKEUP);
        sleeperWoken = true;
        linux.sched.wakeUpProcess(cpu, task);
        linux.fn.exit(cpu, HRTIMER_WAKEUP);
        return HrtimerRestart.HRTIMER_NORESTART;
    }

    private void startWork(long cycles, int cpl) {
        workLeft = cycles;
        workCpl = cpl;
    }

    private long drawCycles(Cpu cpu, Op.Compute compute) {
        long min = compute.min().cyclesOn(cpu.clock());
        long max = compute.max().cyclesOn(cpu.clock());
        return min == max ? min : min + linux.random.nextLong(max - min + 1);
    }

    private CharDevice device(Cpu cpu, String name) {
        CharDevice device = linux.device(name);
        if (device == null) {
            throw new MachineFault(cpu.now(), task + ": no device " + name + " on this machine");
        }
        return device;
    }

    @Override
    public String toString() {
        return task.toString();
    }
}
