package dev.xenolith.cli.image;

import static org.assertj.core.api.Assertions.assertThat;

import dev.xenolith.cli.image.Step.Compute;
import dev.xenolith.cli.image.Step.Exit;
import dev.xenolith.cli.image.Step.Kernel;
import dev.xenolith.cli.image.Step.Loop;
import dev.xenolith.cli.image.Step.Nice;
import dev.xenolith.cli.image.Step.Read;
import dev.xenolith.cli.image.Step.SetScheduler;
import dev.xenolith.cli.image.Step.Sleep;
import dev.xenolith.cli.image.Step.WaitPeriod;
import dev.xenolith.cli.image.Step.Write;
import dev.xenolith.cli.image.Step.Yield;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The two complete example images in test resources, read field by field (positions included), and
 * read twice to show that reading is deterministic.
 */
final class ImageRoundTripTest {
    private static final String NATIVE = "images/native-keyboard.yaml";
    private static final String CREDIT = "images/credit-two-domains.yaml";
    private static final long US = 1_000_000L;
    private static final long MS = 1_000_000_000L;
    private static final long S = 1_000_000_000_000L;

    private static Scenario read(String builtIn) throws ImageException {
        return ImageSource.builtIn(builtIn).read(TestCatalog.INSTANCE);
    }

    private static SourcePos at(String file, int line, int column) {
        return new SourcePos(file, line, column);
    }

    private static SourcePos n(int line, int column) {
        return at(NATIVE, line, column);
    }

    private static SourcePos c(int line, int column) {
        return at(CREDIT, line, column);
    }

    @Test
    void nativeImage_topLevelMachineAndRun() throws ImageException {
        Scenario scenario = read("native-keyboard");

        assertThat(scenario.name()).isEqualTo("native-keyboard");
        assertThat(scenario.description())
                .isEqualTo("Linux alone on two CPUs; a fifo reader echoes key presses to the console.");
        assertThat(scenario.isNative()).isTrue();
        assertThat(scenario.hypervisor()).isNull();
        assertThat(scenario.pos()).isEqualTo(n(2, 1));
        assertThat(scenario.machine()).isEqualTo(
                new MachineSpec(2, 3_000_000_000L, 1_193_182L, true, false, 57600, true, n(5, 3)));
        assertThat(scenario.costs()).isEqualTo(new CostsSpec(true, Map.of(), n(53, 8)));
        assertThat(scenario.run()).isEqualTo(new RunSpec(2 * S, 42, List.of("graph", "events"), n(55, 3)));
    }

    @Test
    void nativeImage_theOneDomainRunsOnTheMachinesCpus() throws ImageException {
        DomainSpec linux = read("native-keyboard").domains().get(0);

        assertThat(read("native-keyboard").domains()).hasSize(1);
        assertThat(linux.name()).isEqualTo("linux");
        assertThat(linux.vcpus()).isEqualTo(2);
        assertThat(linux.pin()).isEmpty();
        assertThat(linux.sched()).isEmpty();
        assertThat(linux.kernel()).isEqualTo(new KernelSpec(1000, false, true, true, n(16, 7)));
        assertThat(linux.pos()).isEqualTo(n(14, 5));
        assertThat(linux.tasks()).extracting(TaskSpec::name).containsExactly("reader", "hog", "periodic");
    }

    @Test
    void nativeImage_tasksAndEveryKindOfStep() throws ImageException {
        List<TaskSpec> tasks = read("native-keyboard").domains().get(0).tasks();

        assertThat(tasks.get(0)).isEqualTo(new TaskSpec("reader", Policy.FIFO, 50, 0, List.of(1), 0, List.of(
                new Read("serio_raw", 2, n(26, 13)),
                new Compute(Duration.ofPicos(200 * US), Duration.ofPicos(200 * US), n(27, 13)),
                new Write("ttyS0", "key\n".getBytes(StandardCharsets.US_ASCII), n(28, 13)),
                new Loop(Loop.FOREVER, n(29, 13))), n(21, 9)));
        assertThat(tasks.get(1)).isEqualTo(new TaskSpec("hog", Policy.NORMAL, 0, 5, List.of(), 1_500_000_000L,
                List.of(new Compute(Duration.ofCycles(1000), Duration.ofCycles(20000), n(34, 13)),
                        new Kernel(Duration.ofPicos(50 * US), n(35, 13)),
                        new Yield(n(36, 13)),
                        new Nice(-3, n(37, 13)),
                        new Sleep(4 * MS, n(38, 13)),
                        new SetScheduler(Policy.RR, 10, n(39, 13)),
                        new Loop(3, n(40, 13))), n(30, 9)));
        assertThat(tasks.get(2)).isEqualTo(new TaskSpec("periodic", Policy.BATCH, 0, 0, List.of(), 0, List.of(
                new WaitPeriod(10 * MS, n(44, 13)),
                new Compute(Duration.ofPicos(250_000), Duration.ofPicos(250_000), n(45, 13)),
                new Read("ttyS0", 1, n(46, 13)),
                new Exit(n(47, 13))), n(41, 9)));
        assertThat(((Compute) tasks.get(1).program().get(0)).isFixed()).isFalse();
        assertThat(((Loop) tasks.get(0).program().get(3)).isForever()).isTrue();
    }

    @Test
    void nativeImage_inputsOnceAndPeriodic() throws ImageException {
        List<InputSpec> input = read("native-keyboard").input();

        assertThat(input).containsExactly(
                new InputSpec(12 * MS, 0, 12 * MS, "i8042", new byte[] {'a'}, n(49, 5)),
                new InputSpec(5 * MS, 10 * MS, S, "i8042", new byte[] {0x1c, (byte) 0xF0, 28}, n(50, 5)),
                new InputSpec(20 * MS, 0, 20 * MS, "com1", "hello\n".getBytes(StandardCharsets.US_ASCII), n(51, 5)),
                new InputSpec(250 * US, 250 * US, Long.MAX_VALUE, "com1", new byte[] {(byte) 0xFF}, n(52, 5)));
        assertThat(input.get(0).isPeriodic()).isFalse();
        assertThat(input.get(1).isPeriodic()).isTrue();
    }

    @Test
    void creditImage_everyFieldWithDefaults() throws ImageException {
        Scenario scenario = read("credit-two-domains");

        assertThat(scenario.name()).isEqualTo("credit-two-domains");
        assertThat(scenario.description())
                .isEqualTo("Two domains with weights 512/256; the second is capped at half a CPU.");
        assertThat(scenario.machine()).isEqualTo(
                new MachineSpec(4, 2_000_000_000L, 100_000_000L, true, true, null, true, c(5, 3)));
        assertThat(scenario.hypervisor()).isEqualTo(
                new HypervisorSpec("credit", Map.of("tslice", 30_000_000L, "ratelimit", 1_000_000L), c(7, 3)));
        assertThat(scenario.input()).isEmpty();
        assertThat(scenario.costs()).isEqualTo(
                new CostsSpec(false, Map.of("context_switch", 2500L, "interrupt_entry", 300L), c(30, 3)));
        assertThat(scenario.run()).isEqualTo(new RunSpec(10 * S, 1, List.of(), c(33, 3)));
    }

    @Test
    void creditImage_domainsWithWeightsCapsAndPinning() throws ImageException {
        List<DomainSpec> domains = read("credit-two-domains").domains();

        assertThat(domains).containsExactly(
                new DomainSpec("web", 2, List.of(2, 3), Map.of("weight", 512L, "cap", 0L),
                        new KernelSpec(250, true, true, false, c(14, 13)),
                        List.of(new TaskSpec("server", Policy.NORMAL, 0, 0, List.of(), 0, List.of(
                                new Compute(Duration.ofPicos(2 * MS), Duration.ofPicos(2 * MS), c(18, 13)),
                                new Sleep(MS, c(19, 13)),
                                new Loop(Loop.FOREVER, c(20, 13))), c(16, 9))),
                        c(10, 5)),
                new DomainSpec("batch", 1, List.of(), Map.of("weight", 256L, "cap", 50L),
                        new KernelSpec(250, true, true, false, c(21, 5)),
                        List.of(new TaskSpec("cruncher", Policy.IDLE, 0, 0, List.of(), 0, List.of(
                                new Compute(Duration.ofPicos(10 * MS), Duration.ofPicos(10 * MS), c(27, 13)),
                                new Loop(Loop.FOREVER, c(28, 13))), c(24, 9))),
                        c(21, 5)));
        assertThat(domains.get(0).sched().keySet()).containsExactly("cap", "weight");
    }

    @Test
    void readingTwice_givesEqualScenarios() throws ImageException {
        for (String image : List.of("native-keyboard", "credit-two-domains")) {
            Scenario first = read(image);
            Scenario second = read(image);

            assertThat(second).isEqualTo(first);
            assertThat(second.hashCode()).isEqualTo(first.hashCode());
            assertThat(second.toString()).isEqualTo(first.toString());
        }
    }
}
