package dev.xenolith.cli.image;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.util.List;

/** Reads an image that must be rejected and returns its problems rendered as the CLI prints them. */
final class ImageAssert {
    static final String FILE = "t.yaml";

    private ImageAssert() {
    }

    static List<String> problems(String text, String... overrides) {
        ImageException e = catchThrowableOfType(ImageException.class,
                () -> ImageReader.read(FILE, text, List.of(overrides), TestCatalog.INSTANCE));
        assertThat(e).as("the image should have been rejected").isNotNull();
        return e.problems().stream().map(Problem::render).toList();
    }

    static Scenario read(String text, String... overrides) throws ImageException {
        return ImageReader.read(FILE, text, List.of(overrides), TestCatalog.INSTANCE);
    }
}
