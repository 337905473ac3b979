package dev.xenolith.bench.machine;

import static org.assertj.core.api.Assertions.assertThat;

import dev.xenolith.cli.BenchImages;
import org.junit.jupiter.api.Test;
import org.openjdk.jmh.annotations.Param;

/** JMH takes {@link ImageBench}'s images only as a literal; this keeps it every built-in kernel image. */
final class ImageBenchTest {

    @Test
    void imageParameter_isEveryBuiltInKernelImageInListingOrder() throws NoSuchFieldException {
        Param images = ImageBench.class.getField("image").getAnnotation(Param.class);

        assertThat(images.value()).containsExactlyElementsOf(BenchImages.kernelImages());
    }
}
