package dev.xenolith.cli;

import dev.xenolith.cli.image.ImageException;
import dev.xenolith.cli.image.ImageReader;
import dev.xenolith.cli.image.ImageSource;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code xenolith check IMAGE...}: validation only; every problem as {@code FILE:LINE:COL: error: ...}. */
@Command(name = "check", mixinStandardHelpOptions = true, description = "Validate scenario images without booting them.")
final class CheckCommand implements Callable<Integer> {
    @Spec
    private CommandSpec spec;

    @Parameters(arity = "1..*", paramLabel = "IMAGE", description = "Image files to validate.")
    private List<Path> images;

    @Override
    public Integer call() {
        int status = Xenolith.OK;
        for (Path image : images) {
            try {
                ImageSource source = ImageSource.fromFile(image);
                ImageReader.read(source.fileName(), source.text(), new XenolithCatalog());
                spec.commandLine().getOut().println(image + ": ok");
            } catch (ImageException e) {
                spec.commandLine().getErr().println(e.getMessage());
                status = Xenolith.USAGE;
            }
        }
        return status;
    }
}
