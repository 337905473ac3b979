package dev.xenolith.cli.image;

import static dev.xenolith.cli.image.ImageAssert.problems;
import static dev.xenolith.cli.image.ImageAssert.read;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.snakeyaml.engine.v2.api.LoadSettings;
import org.snakeyaml.engine.v2.api.lowlevel.Compose;
import org.snakeyaml.engine.v2.nodes.Node;

/** {@code --set KEY=VALUE}: overriding by dotted path before validation, and the positions of its errors. */
final class OverridesTest {
    private static final String IMAGE = """
            name: t
            machine: {cpus: 2}
            hypervisor: {scheduler: credit}
            domains:
              - name: web
                sched: &shared {weight: 256}
                tasks:
                  - name: server
                    program: [compute: 1ms, loop]
              - name: db
                sched: *shared
            run: {until: 1s}
            """;
    private static final long MS = 1_000_000_000L;

    @Test
    void scalarValues_areReplacedByPath() throws ImageException {
        Scenario scenario = read(IMAGE, "run.until=2s", "machine.cpus=4");

        assertThat(scenario.run().untilPicos()).isEqualTo(2000 * MS);
        assertThat(scenario.machine().cpus()).isEqualTo(4);
    }

    @Test
    void listEntries_areAddressedByNameOrIndex() throws ImageException {
        Scenario scenario = read(IMAGE, "domains.web.sched.weight=512", "domains.1.vcpus=2",
                "domains.web.tasks.server.program.0.compute=5ms", "domains.db.sched.cap=150");

        assertThat(scenario.domains().get(0).sched()).containsExactlyEntriesOf(Map.of("weight", 512L));
        assertThat(scenario.domains().get(1).vcpus()).isEqualTo(2);
        assertThat(scenario.domains().get(0).tasks().get(0).program().get(0))
                .isEqualTo(new Step.Compute(Duration.ofPicos(5 * MS), Duration.ofPicos(5 * MS),
                        new SourcePos("t.yaml", 9, 19)));
    }

    @Test
    void aValueSharedThroughAnAlias_changesOnlyWhereThePathPoints() throws ImageException {
        Scenario scenario = read(IMAGE, "domains.web.sched.weight=512");

        assertThat(scenario.domains().get(0).sched()).containsEntry("weight", 512L);
        assertThat(scenario.domains().get(1).sched()).containsEntry("weight", 256L);
    }

    @Test
    void missingKeys_areAdded_withTheMappingsOnTheWay() throws ImageException {
        Scenario scenario = read(IMAGE, "run.seed=9", "machine.com1={baud: 9600}", "costs.iret=7",
                "run.trace=[graph]");

        assertThat(scenario.run().seed()).isEqualTo(9);
        assertThat(scenario.run().trace()).containsExactly("graph");
        assertThat(scenario.machine().com1Baud()).isEqualTo(9600);
        assertThat(scenario.costs().overrides()).containsExactlyEntriesOf(Map.of("iret", 7L));
        assertThat(scenario.costs().pos()).isEqualTo(new SourcePos("--set", 3, 7));
    }

    @Test
    void theLastSettingOfAKeyWins() throws ImageException {
        assertThat(read(IMAGE, "machine.cpus=4", "machine.cpus=8").machine().cpus()).isEqualTo(8);
    }

    @Test
    void anInvalidValue_isReportedAtItsColumn_onTheLineOfItsArgument() {
        assertThat(problems(IMAGE, "run.until=2s", "machine.cpus=0")).containsExactly(
                "--set:2:14: error: machine.cpus: expected a whole number from 1 to 256, found '0'");
        assertThat(problems(IMAGE, "run.until=2")).containsExactly(
                "--set:1:11: error: run.until: '2' has no unit; a bare number is an error: did you mean '2s'?"
                        + " (units: ps, ns, us, ms or s)");
    }

    @Test
    void anUnknownKey_isReportedAtItsColumn_withASuggestion() {
        assertThat(problems(IMAGE, "machine.cpu=4", "run.sed=3")).containsExactly(
                "--set:1:9: error: machine: unknown key 'cpu' (did you mean 'cpus'?)",
                "--set:2:5: error: run: unknown key 'sed' (did you mean 'seed'?)");
    }

    @Test
    void anEntryThatDoesNotExist_isReportedWithTheNamesThatDo() {
        assertThat(problems(IMAGE, "domains.wbe.vcpus=2")).containsExactly(
                "--set:1:9: error: no entry named 'wbe' in 'domains' (did you mean 'web'?); expected web, db or an"
                        + " index");
        assertThat(problems(IMAGE, "domains.web.tasks.2.nice=1")).containsExactly(
                "--set:1:19: error: 'domains.web.tasks' has 1 entries (0..0), found index 2");
    }

    @Test
    void aPathThroughAScalar_isReported() {
        assertThat(problems(IMAGE, "run.until.max=2s")).containsExactly(
                "--set:1:11: error: cannot set 'run.until.max': 'run.until' is '1s', not a mapping or a list; set"
                        + " 'run.until=...' to replace it");
    }

    @Test
    void malformedSettings_areReported() {
        assertThat(problems(IMAGE, "run.until")).containsExactly(
                "--set:1:1: error: expected KEY=VALUE, such as 'run.until=2s', found 'run.until'");
        assertThat(problems(IMAGE, "run..until=1s")).containsExactly(
                "--set:1:5: error: 'run..until' has an empty name at column 5; expected names joined by single"
                        + " dots, such as 'domains.web.vcpus'");
        assertThat(problems(IMAGE, "domains.web.pin=[0, 1")).containsExactly(
                "--set:1:22: error: YAML syntax: expected ',' or ']', but got <stream end> (while parsing a flow"
                        + " sequence started at 1:17)");
    }

    @Test
    void problemsInTheFileComeFirst_thenThoseOfTheOverrides() {
        assertThat(problems(IMAGE.replace("until: 1s", "until: 1"), "machine.cpus=300")).containsExactly(
                "t.yaml:12:14: error: run.until: '1' has no unit; a bare number is an error: did you mean '1s'?"
                        + " (units: ps, ns, us, ms or s)",
                "--set:1:14: error: machine.cpus: expected a whole number from 1 to 256, found '300'");
    }

    @Test
    void apply_onANodeTree_throwsForABadPath() {
        Node root = new Compose(LoadSettings.builder().setLabel("t.yaml").build()).composeString(IMAGE).get();

        ImageException e = catchThrowableOfType(ImageException.class,
                () -> Overrides.apply(root, List.of("domains.9.vcpus=1")));

        assertThat(e.getMessage()).isEqualTo("--set:1:9: error: 'domains' has 2 entries (0..1), found index 9");
    }
}
