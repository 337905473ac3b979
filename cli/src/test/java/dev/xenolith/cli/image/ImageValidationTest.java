package dev.xenolith.cli.image;

import static dev.xenolith.cli.image.ImageAssert.problems;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/**
 * One test per class of mistake a user can make in an image, each asserting the exact line a user sees:
 * {@code FILE:LINE:COL: error: what was found, what was expected}. Images are inline so that the
 * positions can be checked by eye; {@code containsExactly} also shows that one mistake gives one message.
 */
final class ImageValidationTest {

    @Test
    void malformedYaml_isReportedAtTheParsersMark() {
        assertThat(problems("""
                name: t
                machine: {cpus: 2
                hypervisor: none
                """)).containsExactly("t.yaml:3:11: error: YAML syntax: expected ',' or '}', but got :"
                        + " (while parsing a flow mapping started at 2:10)");
    }

    @Test
    void unknownKey_cpu_suggestsCpus() {
        assertThat(problems("""
                name: t
                machine: {cpu: 2}
                hypervisor: none
                domains: [{name: linux}]
                run: {until: 1s}
                """)).containsExactly(
                        "t.yaml:2:10: error: machine: missing key 'cpus': expected the number of physical CPUs, 1..256",
                        "t.yaml:2:11: error: machine: unknown key 'cpu' (did you mean 'cpus'?)");
    }

    @Test
    void unknownKey_shceduler_suggestsScheduler() {
        assertThat(problems("""
                name: t
                machine: {cpus: 1}
                hypervisor:
                  shceduler: credit
                domains: [{name: web}]
                run: {until: 1s}
                """)).containsExactly(
                        "t.yaml:4:3: error: hypervisor: unknown key 'shceduler' (did you mean 'scheduler'?)",
                        "t.yaml:4:3: error: hypervisor: missing key 'scheduler': expected one of bvt, credit or"
                                + " rrobin");
    }

    @Test
    void unknownKey_withoutCloseMatch_listsTheKeysExpected() {
        assertThat(problems("""
                name: t
                machine: {cpus: 1}
                hypervisor: none
                domains: [{name: linux}]
                run: {until: 1s, colour: red}
                """)).containsExactly("t.yaml:5:18: error: run: unknown key 'colour'; expected until, seed or trace");
    }

    @Test
    void duplicateKey_pointsAtTheSecondAndNamesTheFirst() {
        assertThat(problems("""
                name: t
                machine:
                  cpus: 1
                  cpus: 2
                hypervisor: none
                domains: [{name: linux}]
                run: {until: 1s}
                """)).containsExactly("t.yaml:4:3: error: machine: duplicate key 'cpus' (first at t.yaml:3:3)");
    }

    @Test
    void wrongTypes_areAllReportedTogether() {
        assertThat(problems("""
                name: t
                machine:
                  cpus: two
                  apic-timer: yes
                  cpu-frequency: [2GHz]
                hypervisor: none
                domains: {name: linux}
                run: 10s
                """)).containsExactly(
                        "t.yaml:3:9: error: machine.cpus: expected a whole number from 1 to 256, found 'two'",
                        "t.yaml:4:15: error: machine.apic-timer: expected true or false, found 'yes'",
                        "t.yaml:5:18: error: machine.cpu-frequency: expected a frequency such as '2GHz' or"
                                + " '100MHz', found a list",
                        "t.yaml:7:10: error: domains: expected a list, found a mapping",
                        "t.yaml:8:6: error: run: expected a mapping, found '10s'");
    }

    @Test
    void negativeDuration_isRejected() {
        assertThat(problems("""
                name: t
                machine: {cpus: 1}
                hypervisor: none
                domains:
                  - name: linux
                    tasks:
                      - name: a
                        program:
                          - compute: -5us
                run: {until: 1s}
                """)).containsExactly("t.yaml:9:22: error: domains.linux.tasks.a.program.0.compute:"
                        + " negative duration '-5us': expected 0 or more");
    }

    @Test
    void durationWithoutUnit_saysWhichUnitWasProbablyMeant() {
        assertThat(problems("""
                name: t
                machine: {cpus: 1}
                hypervisor: none
                domains:
                  - name: linux
                    tasks:
                      - name: a
                        program: [compute: 200]
                run: {until: 10}
                """)).containsExactly(
                        "t.yaml:8:28: error: domains.linux.tasks.a.program.0.compute: '200' has no unit; a bare"
                                + " number is an error: did you mean '200us'? (units: ps, ns, us, ms, s or cycles)",
                        "t.yaml:9:14: error: run.until: '10' has no unit; a bare number is an error: did you mean"
                                + " '10s'? (units: ps, ns, us, ms or s)");
    }

    @Test
    void unknownUnits_suggestTheUnitMeant() {
        assertThat(problems("""
                name: t
                machine: {cpus: 1, cpu-frequency: 2Ghz, apic-bus-frequency: 100MB}
                hypervisor: none
                domains: [{name: linux}]
                run: {until: 10sec}
                """)).containsExactly(
                        "t.yaml:2:35: error: machine.cpu-frequency: unknown unit 'Ghz' in '2Ghz': expected Hz, kHz,"
                                + " MHz or GHz (did you mean '2GHz'?)",
                        "t.yaml:2:61: error: machine.apic-bus-frequency: unknown unit 'MB' in '100MB': expected Hz,"
                                + " kHz, MHz or GHz",
                        "t.yaml:5:14: error: run.until: unknown unit 'sec' in '10sec': expected ps, ns, us, ms or s"
                                + " (did you mean '10s'?)");
    }

    @Test
    void cyclesWhereATimeIsExpected_andFractionsOfAPicosecond_areRejected() {
        assertThat(problems("""
                name: t
                machine: {cpus: 1}
                hypervisor: none
                domains:
                  - name: linux
                    tasks:
                      - name: a
                        program: [sleep: 100cycles, compute: 1.5cycles, kernel: 0.5ps]
                run: {until: 1s}
                """)).containsExactly(
                        "t.yaml:8:26: error: domains.linux.tasks.a.program.0.sleep: '100cycles' counts cycles, which"
                                + " measure work; a time is expected here, in ps, ns, us, ms or s",
                        "t.yaml:8:46: error: domains.linux.tasks.a.program.1.compute: '1.5cycles' is not a whole"
                                + " number of cycles",
                        "t.yaml:8:65: error: domains.linux.tasks.a.program.2.kernel: '0.5ps' is not a whole number"
                                + " of picoseconds");
    }

    @Test
    void zeroCpus_andMoreThan256_areOutOfRange() {
        String image = """
                name: t
                machine: {cpus: %s}
                hypervisor: none
                domains: [{name: linux}]
                run: {until: 1s}
                """;
        assertThat(problems(image.formatted("0"))).containsExactly(
                "t.yaml:2:17: error: machine.cpus: expected a whole number from 1 to 256, found '0'");
        assertThat(problems(image.formatted("257"))).containsExactly(
                "t.yaml:2:17: error: machine.cpus: expected a whole number from 1 to 256, found '257'");
    }

    @Test
    void pinToACpuTheMachineLacks_isRejected() {
        assertThat(problems("""
                name: t
                machine: {cpus: 2}
                hypervisor: {scheduler: credit}
                domains:
                  - {name: web, vcpus: 2, pin: [0, 2]}
                run: {until: 1s}
                """)).containsExactly("t.yaml:5:36: error: domains.web.pin.1: expected a whole number from 0 to 1"
                        + " (the machine's 2 CPUs are 0..1), found '2'");
    }

    @Test
    void moreVcpusThanThePinListAllows_isRejected() {
        assertThat(problems("""
                name: t
                machine: {cpus: 4}
                hypervisor: {scheduler: credit}
                domains:
                  - {name: web, vcpus: 3, pin: [0, 1]}
                run: {until: 1s}
                """)).containsExactly("t.yaml:5:32: error: domains.web.pin: 3 vcpus pinned to 2 CPUs: expected at"
                        + " least 3 CPUs in 'pin' (one per vcpu), or fewer vcpus");
    }

    @Test
    void unknownScheduler_suggestsTheClosest() {
        assertThat(problems("""
                name: t
                machine: {cpus: 1}
                hypervisor: {scheduler: credt}
                domains: [{name: web}]
                run: {until: 1s}
                """)).containsExactly("t.yaml:3:25: error: hypervisor.scheduler: unknown scheduler 'credt'"
                        + " (did you mean 'credit'?); expected bvt, credit or rrobin");
    }

    @Test
    void unknownSchedulerParameters_globalAndPerDomain() {
        assertThat(problems("""
                name: t
                machine: {cpus: 1}
                hypervisor:
                  scheduler: credit
                  params: {tslce: 30ms}
                domains:
                  - name: web
                    sched: {wieght: 256}
                run: {until: 1s}
                """)).containsExactly(
                        "t.yaml:5:12: error: hypervisor.params: unknown credit parameter 'tslce' (did you mean"
                                + " 'tslice'?)",
                        "t.yaml:8:13: error: domains.web.sched: unknown credit parameter 'wieght' (did you mean"
                                + " 'weight'?)");
    }

    @Test
    void schedulerWithoutParameters_acceptsNone() {
        assertThat(problems("""
                name: t
                machine: {cpus: 1}
                hypervisor: {scheduler: rrobin}
                domains: [{name: web, sched: {weight: 256}}]
                run: {until: 1s}
                """)).containsExactly("t.yaml:4:31: error: domains.web.sched: unknown rrobin parameter 'weight';"
                        + " none are accepted here");
    }

    @Test
    void schedulerTimeParameter_isKeptInNanosecondsAndRangeChecked() throws ImageException {
        String image = """
                name: t
                machine: {cpus: 1}
                hypervisor: {scheduler: credit, params: {tslice: %s}}
                domains: [{name: web}]
                run: {until: 1s}
                """;
        assertThat(ImageAssert.read(image.formatted("1.5ms")).hypervisor().params())
                .containsEntry("tslice", 1_500_000L);
        assertThat(problems(image.formatted("2s"))).containsExactly(
                "t.yaml:3:50: error: hypervisor.params.tslice: expected a time from 1ms to 1s, found '2s'");
        assertThat(problems(image.formatted("30"))).containsExactly(
                "t.yaml:3:50: error: hypervisor.params.tslice: '30' has no unit; a bare number is an error: did"
                        + " you mean '30ms'? (units: ps, ns, us, ms or s)");
    }

    @Test
    void taskReadingADeviceThatDoesNotExist_isRejected() {
        assertThat(problems("""
                name: t
                machine: {cpus: 1}
                hypervisor: none
                domains:
                  - name: linux
                    tasks:
                      - name: a
                        program:
                          - read: {device: serio_rw}
                          - read: ttyS0
                run: {until: 1s}
                """)).containsExactly(
                        "t.yaml:9:28: error: domains.linux.tasks.a.program.0.read.device: unknown device 'serio_rw'"
                                + " (did you mean 'serio_raw'?); expected serio_raw or ttyS0",
                        "t.yaml:10:19: error: domains.linux.tasks.a.program.1.read: ttyS0 needs the machine's com1,"
                                + " which this machine does not have; add it under 'machine:' (com1: {baud: 115200})");
    }

    @Test
    void taskUsingADeviceUnderTheHypervisor_isRejected() {
        assertThat(problems("""
                name: t
                machine: {cpus: 1, com1: {baud: 115200}, i8042: true}
                hypervisor: {scheduler: credit}
                domains:
                  - name: web
                    tasks:
                      - name: a
                        program:
                          - read: serio_raw
                          - write: {device: ttyS0, bytes: "x"}
                run: {until: 1s}
                """)).containsExactly(
                        "t.yaml:9:19: error: domains.web.tasks.a.program.0.read: serio_raw cannot be used under the"
                                + " hypervisor: Xen owns the machine's i8042 and a domain has no devices (its kernel"
                                + " prints through Xen's console_io); tasks may use device files only with"
                                + " 'hypervisor: none'",
                        "t.yaml:10:29: error: domains.web.tasks.a.program.1.write.device: ttyS0 cannot be used under"
                                + " the hypervisor: Xen owns the machine's com1 and a domain has no devices (its kernel"
                                + " prints through Xen's console_io); tasks may use device files only with"
                                + " 'hypervisor: none'");
    }

    @Test
    void creditWeightOfZero_isOutOfRange() {
        assertThat(problems("""
                name: t
                machine: {cpus: 1}
                hypervisor: {scheduler: credit}
                domains: [{name: web, sched: {weight: 0}}]
                run: {until: 1s}
                """)).containsExactly("t.yaml:4:39: error: domains.web.sched.weight: expected a whole number from 1"
                        + " to 65535, found '0'");
    }

    @Test
    void creditCapAbove100PerVcpu_isOutOfRange() {
        assertThat(problems("""
                name: t
                machine: {cpus: 2}
                hypervisor: {scheduler: credit}
                domains: [{name: web, vcpus: 2, sched: {cap: 201}}]
                run: {until: 1s}
                """)).containsExactly("t.yaml:4:46: error: domains.web.sched.cap: expected a whole number from 0 to"
                        + " 200 (100 per vcpu x 2 vcpus), found '201'");
    }

    @Test
    void duplicateDomainNames_areRejected() {
        assertThat(problems("""
                name: t
                machine: {cpus: 1}
                hypervisor: {scheduler: credit}
                domains:
                  - name: web
                  - name: web
                run: {until: 1s}
                """)).containsExactly("t.yaml:6:11: error: domains.web.name: duplicate domain name 'web' (first at"
                        + " t.yaml:5:11); domain names must be unique");
    }

    @Test
    void duplicateTaskNamesWithinADomain_areRejected() {
        assertThat(problems("""
                name: t
                machine: {cpus: 1}
                hypervisor: none
                domains:
                  - name: linux
                    tasks:
                      - {name: a, program: [yield]}
                      - {name: a, program: [yield]}
                run: {until: 1s}
                """)).containsExactly("t.yaml:8:16: error: domains.linux.tasks.a.name: duplicate task name 'a'"
                        + " (first at t.yaml:7:16); task names must be unique");
    }

    @Test
    void priorityOutOfRangeForThePolicy_isRejected() {
        assertThat(problems("""
                name: t
                machine: {cpus: 1}
                hypervisor: none
                domains:
                  - name: linux
                    tasks:
                      - {name: a, policy: fifo, priority: 0, program: [yield]}
                      - {name: b, policy: rr, priority: 100, program: [yield]}
                      - {name: c, priority: 5, program: [yield]}
                      - {name: d, policy: fifo, program: [yield]}
                      - {name: e, program: [setscheduler: {policy: rr, priority: 0}]}
                run: {until: 1s}
                """)).containsExactly(
                        "t.yaml:7:43: error: domains.linux.tasks.a.priority: expected a whole number from 1 to 99"
                                + " for fifo, found '0'",
                        "t.yaml:8:41: error: domains.linux.tasks.b.priority: expected a whole number from 1 to 99"
                                + " for rr, found '100'",
                        "t.yaml:9:29: error: domains.linux.tasks.c.priority: a priority 1..99 is for fifo and rr; a"
                                + " normal task has priority 0 and uses 'nice', found '5'",
                        "t.yaml:10:9: error: domains.linux.tasks.d: missing key 'priority': expected a real-time"
                                + " priority 1..99 for a fifo task",
                        "t.yaml:11:66: error: domains.linux.tasks.e.program.0.setscheduler.priority: expected a whole"
                                + " number from 1 to 99 for rr, found '0'");
    }

    @Test
    void niceOutsideMinus20To19_isRejected() {
        assertThat(problems("""
                name: t
                machine: {cpus: 1}
                hypervisor: none
                domains:
                  - name: linux
                    tasks:
                      - {name: a, nice: 20, program: [nice: -21]}
                run: {until: 1s}
                """)).containsExactly(
                        "t.yaml:7:25: error: domains.linux.tasks.a.nice: expected a whole number from -20 to 19,"
                                + " found '20'",
                        "t.yaml:7:45: error: domains.linux.tasks.a.program.0.nice: expected a whole number from -20"
                                + " to 19, found '-21'");
    }

    @Test
    void hzOutsideTheConfigChoices_isRejected() {
        assertThat(problems("""
                name: t
                machine: {cpus: 1}
                hypervisor: none
                domains: [{name: linux, kernel: {hz: 200}}]
                run: {until: 1s}
                """)).containsExactly("t.yaml:4:38: error: domains.linux.kernel.hz: expected 100, 250, 300 or 1000"
                        + " (the CONFIG_HZ choices), found '200'");
    }

    @Test
    void nativeBoot_needsExactlyOneDomain() {
        assertThat(problems("""
                name: t
                machine: {cpus: 1}
                hypervisor: none
                domains: [{name: a}, {name: b}]
                run: {until: 1s}
                """)).containsExactly("t.yaml:4:10: error: domains: 'hypervisor: none' boots one kernel on the bare"
                        + " machine, so exactly one domain is expected, found 2");
        assertThat(problems("""
                name: t
                machine: {cpus: 1}
                hypervisor: none
                domains: []
                run: {until: 1s}
                """)).containsExactly("t.yaml:4:10: error: domains: 'hypervisor: none' boots one kernel on the bare"
                        + " machine, so exactly one domain is expected, found 0");
    }

    @Test
    void nativeBoot_vcpusMustBeTheMachinesCpus() {
        assertThat(problems("""
                name: t
                machine: {cpus: 4}
                hypervisor: none
                domains: [{name: linux, vcpus: 2, pin: [0, 1], sched: {weight: 1}}]
                run: {until: 1s}
                """)).containsExactly(
                        "t.yaml:4:32: error: domains.linux.vcpus: with 'hypervisor: none' the kernel runs on all the"
                                + " machine's CPUs: expected 4 (or no 'vcpus'), found 2",
                        "t.yaml:4:40: error: domains.linux.pin: with 'hypervisor: none' there is nothing to pin: the"
                                + " kernel runs on the bare CPUs; remove 'pin'",
                        "t.yaml:4:55: error: domains.linux.sched: with 'hypervisor: none' there is no hypervisor"
                                + " scheduler; remove 'sched'");
    }

    @Test
    void unknownCostName_suggestsTheClosest() {
        assertThat(problems("""
                name: t
                machine: {cpus: 1}
                hypervisor: none
                domains: [{name: linux}]
                costs: {context_swtich: 100, iret: -1}
                run: {until: 1s}
                """)).containsExactly(
                        "t.yaml:5:9: error: costs: unknown cost 'context_swtich' (did you mean 'context_switch'?)",
                        "t.yaml:5:36: error: costs.iret: expected a whole number of at least 0 (cycles), found '-1'");
    }

    @Test
    void inputForADeviceTheMachineLacks_isRejected() {
        assertThat(problems("""
                name: t
                machine: {cpus: 1, i8042: false}
                hypervisor: none
                domains: [{name: linux}]
                input:
                  - {at: 1ms, device: com1, bytes: "a"}
                  - {at: 2ms, device: i8042, bytes: "b"}
                  - {at: 3ms, device: ps2, bytes: "c"}
                run: {until: 1s}
                """)).containsExactly(
                        "t.yaml:6:23: error: input.0.device: this machine has no com1; add it under 'machine:' (com1:"
                                + " {baud: 115200})",
                        "t.yaml:7:23: error: input.1.device: this machine has no i8042; add it under 'machine:'"
                                + " (i8042: true)",
                        "t.yaml:8:23: error: input.2.device: unknown input device 'ps2'; expected com1 or i8042");
    }

    @Test
    void inputTiming_needsAtOrEveryButNotBoth() {
        assertThat(problems("""
                name: t
                machine: {cpus: 1}
                hypervisor: none
                domains: [{name: linux}]
                input:
                  - {device: i8042, bytes: "a"}
                  - {at: 1ms, every: 2ms, device: i8042, bytes: "a"}
                  - {every: 0ms, device: i8042, bytes: "a"}
                  - {every: 1ms, from: 5ms, until: 2ms, device: i8042, bytes: "a"}
                run: {until: 1s}
                """)).containsExactly(
                        "t.yaml:6:5: error: input.0: missing key 'at': expected the time of the input ('at: 12ms'),"
                                + " or its period ('every: 10ms')",
                        "t.yaml:7:22: error: input.1.every: an input has either 'at' (once) or 'every' (periodic),"
                                + " not both",
                        "t.yaml:8:13: error: input.2.every: expected a period above 0, found '0ms'",
                        "t.yaml:9:36: error: input.3.until: the input ends before it starts: expected a time from"
                                + " 5ms on, found '2ms'");
    }

    @Test
    void inputBytes_mustBeBytes() {
        assertThat(problems("""
                name: t
                machine: {cpus: 1}
                hypervisor: none
                domains: [{name: linux}]
                input:
                  - {at: 1ms, device: i8042, bytes: "\u20ac"}
                  - {at: 1ms, device: i8042, bytes: 65}
                  - {at: 1ms, device: i8042, bytes: [1, 256]}
                  - {at: 1ms, device: i8042, bytes: ""}
                run: {until: 1s}
                """)).containsExactly(
                        "t.yaml:6:37: error: input.0.bytes: character '\u20ac' (U+20AC) is not a byte: expected"
                                + " characters up to U+00FF (\"\\xNN\"), or write its bytes as a list",
                        "t.yaml:7:37: error: input.1.bytes: '65' is a number; write a text (\"65\") or a list of"
                                + " byte values ([65])",
                        "t.yaml:8:41: error: input.2.bytes.1: expected a whole number from 0 to 255, found '256'",
                        "t.yaml:9:37: error: input.3.bytes: expected at least one byte, found none");
    }

    @Test
    void runUntilMissing_isReported() {
        assertThat(problems("""
                name: t
                machine: {cpus: 1}
                hypervisor: none
                domains: [{name: linux}]
                run:
                  seed: 7
                """)).containsExactly("t.yaml:6:3: error: run: missing key 'until': expected the simulated time to"
                        + " stop at, such as 'until: 10s'");
    }

    @Test
    void loopNotLast_isRejected() {
        assertThat(problems("""
                name: t
                machine: {cpus: 1}
                hypervisor: none
                domains:
                  - name: linux
                    tasks:
                      - name: a
                        program:
                          - compute: 1ms
                          - loop
                          - yield
                run: {until: 1s}
                """)).containsExactly("t.yaml:10:13: error: domains.linux.tasks.a.program.1: loop must be the last"
                        + " step: it goes back to the first, so the 1 step after it would never run");
    }

    @Test
    void stepsAfterExit_areRejected() {
        assertThat(problems("""
                name: t
                machine: {cpus: 1}
                hypervisor: none
                domains:
                  - name: linux
                    tasks:
                      - name: a
                        program:
                          - exit
                          - compute: 1ms
                run: {until: 1s}
                """)).containsExactly("t.yaml:10:13: error: domains.linux.tasks.a.program.1: this step follows 'exit'"
                        + " and would never run; expected 'exit' to be the last step");
    }

    @Test
    void emptyProgram_andALoneLoop_areRejected() {
        assertThat(problems("""
                name: t
                machine: {cpus: 1}
                hypervisor: none
                domains:
                  - name: linux
                    tasks:
                      - {name: a, program: []}
                      - {name: b, program: [loop]}
                      - {name: c}
                run: {until: 1s}
                """)).containsExactly(
                        "t.yaml:7:28: error: domains.linux.tasks.a.program: expected at least one step, found an"
                                + " empty program",
                        "t.yaml:8:29: error: domains.linux.tasks.b.program.0: loop needs a step before it to repeat;"
                                + " expected steps such as 'compute: 200us' first",
                        "t.yaml:9:9: error: domains.linux.tasks.c: missing key 'program': expected a list of steps");
    }

    @Test
    void unknownOrMalformedSteps_areRejected() {
        assertThat(problems("""
                name: t
                machine: {cpus: 1}
                hypervisor: none
                domains:
                  - name: linux
                    tasks:
                      - name: a
                        program:
                          - comput: 1ms
                          - {compute: 1ms, sleep: 1ms}
                          - compute
                          - yield: now
                run: {until: 1s}
                """)).containsExactly(
                        "t.yaml:9:13: error: domains.linux.tasks.a.program.0: unknown step 'comput' (did you mean"
                                + " 'compute'?); expected compute, kernel, read, write, sleep, wait-period, yield,"
                                + " setscheduler, nice, loop or exit",
                        "t.yaml:10:13: error: domains.linux.tasks.a.program.1: a step is one action, found 2 keys"
                                + " ('compute', 'sleep'); write each step as its own '- ' entry",
                        "t.yaml:11:13: error: domains.linux.tasks.a.program.2: 'compute' needs a value, such as"
                                + " 'compute: 200us'",
                        "t.yaml:12:20: error: domains.linux.tasks.a.program.3.yield: 'yield' takes no value, found"
                                + " 'now'; write '- yield'");
    }

    @Test
    void tscDeadlineWithoutAnApicTimer_isRejected() {
        assertThat(problems("""
                name: t
                machine: {cpus: 1, apic-timer: false, tsc-deadline: true}
                hypervisor: none
                domains: [{name: linux}]
                run: {until: 1s}
                """)).containsExactly("t.yaml:2:53: error: machine.tsc-deadline: TSC-deadline is a mode of the local"
                        + " APIC timer, which 'apic-timer: false' removes; expected false");
    }

    @Test
    void com1BaudThatNoDivisorGives_isRejected() {
        assertThat(problems("""
                name: t
                machine: {cpus: 1, com1: {baud: 9601}}
                hypervisor: none
                domains: [{name: linux}]
                run: {until: 1s}
                """)).containsExactly("t.yaml:2:33: error: machine.com1.baud: the 16550A runs at 115200 baud divided"
                        + " by a whole divisor (115200, 57600, 38400, 19200, 9600, ...), found 9601");
    }

    @Test
    void unknownTraceKindAndPolicy_suggestTheClosest() {
        assertThat(problems("""
                name: t
                machine: {cpus: 1}
                hypervisor: none
                domains:
                  - name: linux
                    tasks: [{name: a, policy: fifio, priority: 1, program: [yield]}]
                run: {until: 1s, trace: [grpah]}
                """)).containsExactly(
                        "t.yaml:6:31: error: domains.linux.tasks.a.policy: unknown policy 'fifio' (did you mean"
                                + " 'fifo'?); expected batch, fifo, idle, normal or rr",
                        "t.yaml:7:26: error: run.trace.0: unknown trace kind 'grpah' (did you mean 'graph'?);"
                                + " expected chrome, events, graph or stats");
    }

    @Test
    void taskAffinityToAGuestCpuTheDomainLacks_isRejected() {
        assertThat(problems("""
                name: t
                machine: {cpus: 4}
                hypervisor: {scheduler: credit}
                domains:
                  - name: web
                    vcpus: 2
                    tasks: [{name: a, cpus: [1, 1, 2], program: [yield]}]
                run: {until: 1s}
                """)).containsExactly(
                        "t.yaml:7:33: error: domains.web.tasks.a.cpus.1: CPU 1 is listed twice (first at t.yaml:7:30)",
                        "t.yaml:7:36: error: domains.web.tasks.a.cpus.2: expected a whole number from 0 to 1 (the"
                                + " domain's 2 CPUs are 0..1), found '2'");
    }

    @Test
    void namesThatSetCannotAddress_areRejected() {
        assertThat(problems("""
                name: t
                machine: {cpus: 1}
                hypervisor: {scheduler: credit}
                domains: [{name: web.1}]
                run: {until: 1s}
                """)).containsExactly("t.yaml:4:18: error: domains.0.name: 'web.1' cannot hold '.' or '=', which"
                        + " --set uses to address it");
    }

    @Test
    void emptyImage_isNotAScenario() {
        assertThat(problems("# nothing yet\n")).containsExactly(
                "t.yaml:2:1: error: top level: the image is empty; expected a mapping with at least name, machine,"
                        + " hypervisor, domains and run");
    }
}
