package dev.xenolith.cli.stats;

import java.util.Map;

/**
 * {@link RunStats} as the JSON that {@code --stats-json} writes, for scripts and notebooks. Field names
 * are snake_case and fixed (users' scripts read them); times are nanoseconds; {@code interrupts} is an
 * object from interrupt name (an IDT gate's, or Linux's {@code LOC} and {@code RES}) to count, in vector
 * order.
 */
public final class StatsJson {
    private StatsJson() {
    }

    public static String render(RunStats stats) {
        JsonWriter json = new JsonWriter().beginObject();
        json.name("simulated_ns").value(stats.simulatedNs());
        json.name("cpus").beginArray();
        for (RunStats.CpuStats cpu : stats.cpus()) {
            cpu(json, cpu);
        }
        json.endArray();
        json.name("domains").beginArray();
        for (RunStats.DomainStats domain : stats.domains()) {
            domain(json, domain);
        }
        return json.endArray().endObject().toString();
    }

    private static void cpu(JsonWriter json, RunStats.CpuStats cpu) {
        json.beginObject();
        json.name("id").value(cpu.id());
        json.name("busy_ns").value(cpu.busyNs());
        json.name("idle_ns").value(cpu.idleNs());
        json.name("interrupts").beginObject();
        for (Map.Entry<String, Long> entry : cpu.interrupts().entrySet()) {
            json.name(entry.getKey()).value(entry.getValue());
        }
        json.endObject();
        json.name("timer_interrupts").value(cpu.timerInterrupts());
        json.name("context_switches").value(cpu.contextSwitches());
        json.endObject();
    }

    private static void domain(JsonWriter json, RunStats.DomainStats domain) {
        json.beginObject();
        json.name("name").value(domain.name());
        json.name("id").value(domain.id());
        json.name("cpu_ns").value(domain.cpuNs());
        json.name("vcpus").beginArray();
        for (RunStats.VcpuStats vcpu : domain.vcpus()) {
            json.beginObject().name("id").value(vcpu.id()).name("cpu_ns").value(vcpu.cpuNs()).endObject();
        }
        json.endArray();
        json.name("tasks").beginArray();
        for (RunStats.TaskStats task : domain.tasks()) {
            task(json, task);
        }
        json.endArray();
        json.endObject();
    }

    private static void task(JsonWriter json, RunStats.TaskStats task) {
        json.beginObject();
        json.name("name").value(task.name());
        json.name("pid").value(task.pid());
        json.name("policy").value(task.policy());
        json.name("nice").value(task.nice());
        json.name("cpu_ns").value(task.cpuNs());
        json.name("voluntary_switches").value(task.voluntarySwitches());
        json.name("involuntary_switches").value(task.involuntarySwitches());
        RunStats.Latency latency = task.wakeupLatency();
        json.name("wakeup_latency_ns").beginObject()
                .name("count").value(latency.count())
                .name("p50").value(latency.p50())
                .name("p99").value(latency.p99())
                .name("max").value(latency.max())
                .endObject();
        json.endObject();
    }
}
