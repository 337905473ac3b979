package dev.xenolith.cli.image;

import static dev.xenolith.cli.image.ImageAssert.read;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The defaults SCENARIO-FORMAT.md gives, and the documented choices where it is silent. */
final class ImageDefaultsTest {
    private static final String MINIMAL = """
            name: t
            machine: {cpus: 2%s}
            hypervisor: none
            domains: [{name: linux}]
            run: {until: 1s}
            """;
    private static final long MS = 1_000_000_000L;

    private static Scenario minimal(String machineExtras) throws ImageException {
        return read(MINIMAL.formatted(machineExtras));
    }

    @Test
    void minimalImage_getsTheDocumentedDefaults() throws ImageException {
        Scenario scenario = minimal("");

        assertThat(scenario.description()).isEmpty();
        assertThat(scenario.machine()).isEqualTo(new MachineSpec(2, 2_000_000_000L, 100_000_000L, true, true, null,
                true, new SourcePos(ImageAssert.FILE, 2, 10)));
        assertThat(scenario.input()).isEmpty();
        assertThat(scenario.costs()).isEqualTo(new CostsSpec(false, Map.of(), new SourcePos(ImageAssert.FILE, 1, 1)));
        assertThat(scenario.run().seed()).isEqualTo(1);
        assertThat(scenario.run().trace()).isEmpty();
    }

    @Test
    void nativeDomain_runsOnTheMachinesCpus_withLinuxsDefaultKernel() throws ImageException {
        DomainSpec linux = minimal("").domains().get(0);

        assertThat(linux.vcpus()).isEqualTo(2);
        assertThat(linux.kernel()).isEqualTo(new KernelSpec(250, true, true, false, linux.pos()));
        assertThat(linux.tasks()).isEmpty();
    }

    @Test
    void com1_isAbsentUnlessGiven_andAcceptsTrueFalseOrAnEmptyMapping() throws ImageException {
        assertThat(minimal(", com1: true").machine().com1Baud()).isEqualTo(115200);
        assertThat(minimal(", com1: {}").machine().com1Baud()).isEqualTo(115200);
        assertThat(minimal(", com1: false").machine().com1Baud()).isNull();
        assertThat(minimal(", com1: false").machine().has("com1")).isFalse();
        assertThat(minimal(", com1: {baud: 9600}").machine().has("com1")).isTrue();
    }

    @Test
    void tscDeadline_followsTheApicTimer() throws ImageException {
        assertThat(minimal(", apic-timer: false").machine().tscDeadline()).isFalse();
        assertThat(minimal(", tsc-deadline: false").machine().apicTimer()).isTrue();
    }

    @Test
    void shorthands_readDeviceLoopForeverAndASingleTraceKind() throws ImageException {
        Scenario scenario = read("""
                name: t
                machine: {cpus: 1}
                hypervisor: none
                domains:
                  - name: web
                    tasks:
                      - name: a
                        program: [read: serio_raw, loop: forever]
                input:
                  - {every: 10ms, device: i8042, bytes: [1]}
                run: {until: 1s, trace: graph}
                """);

        List<Step> program = scenario.domains().get(0).tasks().get(0).program();
        assertThat(program.get(0)).isEqualTo(new Step.Read("serio_raw", 1, new SourcePos(ImageAssert.FILE, 8, 19)));
        assertThat(scenario.domains().get(0).vcpus()).isEqualTo(1);
        assertThat(scenario.run().trace()).containsExactly("graph");
        assertThat(scenario.input().get(0).atPicos()).isEqualTo(10 * MS);
        assertThat(scenario.input().get(0).untilPicos()).isEqualTo(Long.MAX_VALUE);
    }
}
