package dev.xenolith.cli.image;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Reading an image's text from a file or from the built-in images on the classpath. */
final class ImageSourceTest {
    private static final String MINIMAL = "name: t\nmachine: {cpus: 1}\nhypervisor: none\n"
            + "domains: [{name: linux}]\nrun: {until: 1s}\n";

    @TempDir
    Path dir;

    private static String message(ThrowingRead read) {
        ImageException e = catchThrowableOfType(ImageException.class, read::run);
        assertThat(e).as("reading should have failed").isNotNull();
        return e.getMessage();
    }

    private interface ThrowingRead {
        void run() throws ImageException;
    }

    @Test
    void fromFile_readsTheTextAndNamesProblemsAfterThePath() throws IOException, ImageException {
        Path file = dir.resolve("mine.yaml");
        Files.writeString(file, MINIMAL.replace("cpus: 1", "cpus: 0"));

        ImageSource source = ImageSource.fromFile(file);

        assertThat(source.fileName()).isEqualTo(file.toString());
        assertThat(message(() -> source.read(TestCatalog.INSTANCE))).isEqualTo(
                file + ":2:17: error: machine.cpus: expected a whole number from 1 to 256, found '0'");
        assertThat(source.read(List.of("machine.cpus=2"), TestCatalog.INSTANCE).machine().cpus()).isEqualTo(2);
    }

    @Test
    void fromFile_aMissingFile_isAClearError() {
        Path missing = dir.resolve("nope.yaml");

        assertThat(message(() -> ImageSource.fromFile(missing)))
                .isEqualTo(missing + ": error: cannot read the image: no such file");
    }

    @Test
    void fromFile_aDirectory_isAClearError() {
        assertThat(message(() -> ImageSource.fromFile(dir)))
                .isEqualTo(dir + ": error: cannot read the image: this is a directory, expected a YAML file");
    }

    @Test
    void fromFile_textThatIsNotUtf8_isRejected() throws IOException {
        Path latin1 = dir.resolve("latin1.yaml");
        Files.write(latin1, "name: caf\u00e9\n".getBytes(StandardCharsets.ISO_8859_1));

        assertThat(message(() -> ImageSource.fromFile(latin1)))
                .isEqualTo(latin1 + ": error: cannot read the image: it is not UTF-8 text");
    }

    @Test
    void builtIn_readsTheClasspathResource() throws ImageException {
        ImageSource source = ImageSource.builtIn("credit-two-domains");

        assertThat(source.fileName()).isEqualTo("images/credit-two-domains.yaml");
        assertThat(source.read(TestCatalog.INSTANCE).name()).isEqualTo("credit-two-domains");
    }

    @Test
    void builtIn_aMissingImage_suggestsTheClosestBuiltIn() {
        List<String> known = List.of("native-keyboard", "credit-two-domains");

        assertThat(message(() -> ImageSource.builtIn("native-keybaord", known))).isEqualTo(
                "native-keybaord: error: no built-in image 'native-keybaord' (did you mean 'native-keyboard'?); the"
                        + " built-in images: credit-two-domains, native-keyboard");
        assertThat(message(() -> ImageSource.builtIn("nothing-like-it")))
                .isEqualTo("nothing-like-it: error: no built-in image 'nothing-like-it'");
    }

    @Test
    void builtIn_aNameThatLooksLikeAPath_isRejected() {
        assertThat(message(() -> ImageSource.builtIn("../secret"))).isEqualTo(
                "../secret: error: '../secret' is not a built-in image name: expected letters, digits, '-' and '_';"
                        + " give a file by its path (for example ./../secret)");
    }
}
