package dev.xenolith.cli;

import dev.xenolith.cli.image.ImageException;
import dev.xenolith.cli.image.ImageSource;
import dev.xenolith.cli.image.Overrides;
import dev.xenolith.cli.image.Problem;
import dev.xenolith.cli.image.RunSpec;
import dev.xenolith.cli.image.Scenario;
import dev.xenolith.cli.image.SourcePos;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.List;

/**
 * Finds the image {@code boot} is given and reads it: the built-in {@code bare-metal} board, a built-in
 * scenario image by name, or else a scenario file by path. Every problem, in the image or in the
 * command line's {@code --set} and {@code --seed}, is an {@link ImageException}.
 */
final class ImageLoader {
    private ImageLoader() {
    }

    /** The image {@code argument} names, with {@code settings} ({@code --set}) and {@code seed} (or null) applied. */
    static BootImage load(String argument, List<String> settings, Long seed) throws ImageException {
        if (argument.equals(BareMetal.NAME)) {
            if (!settings.isEmpty()) {
                throw new ImageException(List.of(new Problem(SourcePos.wholeFile(Overrides.SOURCE),
                        BareMetal.NAME + " is the board alone, not a scenario image: it has no values to set")));
            }
            return BareMetal.image();
        }
        Scenario scenario = scenario(argument, settings, seed);
        return BootImage.of(scenario, BootedSystem.forScenario(scenario));
    }

    /** The scenario image {@code argument} names, read with {@code settings} and {@code seed} (or null). */
    static Scenario scenario(String argument, List<String> settings, Long seed) throws ImageException {
        return withSeed(locate(argument).read(settings, new XenolithCatalog()), seed);
    }

    /** A built-in image by name first; then a file, if the argument names one or looks like a path. */
    private static ImageSource locate(String argument) throws ImageException {
        try {
            return ImageSource.builtIn(argument, BuiltIns.NAMES);
        } catch (ImageException notBuiltIn) {
            if (!looksLikeFile(argument)) {
                throw notBuiltIn;
            }
            return ImageSource.fromFile(Path.of(argument));
        }
    }

    private static boolean looksLikeFile(String argument) {
        if (argument.contains("/") || argument.endsWith(".yaml") || argument.endsWith(".yml")) {
            return true;
        }
        try {
            return Files.exists(Path.of(argument));
        } catch (InvalidPathException e) {
            return false;
        }
    }

    private static Scenario withSeed(Scenario scenario, Long seed) {
        if (seed == null) {
            return scenario;
        }
        RunSpec run = scenario.run();
        return new Scenario(scenario.name(), scenario.description(), scenario.machine(), scenario.hypervisor(),
                scenario.domains(), scenario.input(), scenario.costs(),
                new RunSpec(run.untilPicos(), seed, run.trace(), run.pos()), scenario.pos());
    }
}
