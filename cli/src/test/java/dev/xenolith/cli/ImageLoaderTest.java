package dev.xenolith.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.xenolith.cli.image.ImageException;
import dev.xenolith.cli.image.Scenario;
import dev.xenolith.machine.time.Picos;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

final class ImageLoaderTest {
    private static final String NATIVE = "src/test/resources/images/native-keyboard.yaml";

    @Test
    void seedAndSettings_overrideTheImage() throws Exception {
        Scenario image = ImageLoader.scenario(NATIVE, List.of(), null);
        assertThat(image.run().seed()).isEqualTo(42);

        Scenario changed = ImageLoader.scenario(NATIVE, List.of("run.until=3s", "run.seed=5"), 7L);
        assertThat(changed.run().seed()).as("--seed wins over the image and --set").isEqualTo(7);
        assertThat(changed.run().untilPicos()).isEqualTo(Picos.ofSeconds(3));
        assertThat(changed.domains()).isEqualTo(image.domains());
    }

    @Test
    void bareMetal_isTheBoardAloneWithNothingToSet() throws Exception {
        BootImage bare = ImageLoader.load("bare-metal", List.of(), null);
        assertThat(bare.scenario()).isNull();
        assertThat(bare.system()).isInstanceOf(BareMetal.class);
        assertThat(bare.machine().cpus()).isEqualTo(4);
        assertThat(bare.run().untilPicos()).isEqualTo(Picos.PER_SECOND);
        assertThatThrownBy(() -> ImageLoader.load("bare-metal", List.of("run.until=2s"), null))
                .isInstanceOf(ImageException.class)
                .hasMessage("--set: error: bare-metal is the board alone, not a scenario image: it has no values"
                        + " to set");
    }

    @Test
    void aNameThatIsNoBuiltIn_isAFileIfOneIsThere(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("keyboard");
        Files.copy(Path.of(NATIVE), file);
        assertThat(ImageLoader.scenario(file.toString(), List.of(), null).name()).isEqualTo("native-keyboard");

        assertThatThrownBy(() -> ImageLoader.scenario("keyboard", List.of(), null))
                .hasMessage("keyboard: error: no built-in image 'keyboard'; the built-in images: bare-metal, cfs-nice,"
                        + " credit-shares, full-stack, linux-nohz, linux-serio-wakeup, rt-rr, xen-pit-timer,"
                        + " xen-timer-softirq");
        assertThatThrownBy(() -> ImageLoader.scenario("missing.yaml", List.of(), null))
                .hasMessage("missing.yaml: error: cannot read the image: no such file");
        assertThatThrownBy(() -> ImageLoader.scenario(dir + "/missing", List.of(), null))
                .hasMessageEndingWith("missing: error: cannot read the image: no such file");
    }

    @Test
    void aNativeScenario_bootsTheGuestKernel() throws Exception {
        assertThat(ImageLoader.load(NATIVE, List.of(), null).system()).isInstanceOf(NativeLinux.class);
    }

    @Test
    void aScenarioWithAHypervisor_bootsXenWithAGuestKernelPerDomain() throws Exception {
        assertThat(ImageLoader.load("src/test/resources/images/credit-two-domains.yaml", List.of(), null).system())
                .isInstanceOf(XenSystem.class);
    }
}
