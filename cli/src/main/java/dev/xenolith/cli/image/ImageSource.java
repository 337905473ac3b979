package dev.xenolith.cli.image;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Collection;
import java.util.List;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * The text of an image and the name problems call it by: a file given by the user, or a built-in image
 * shipped in the jar as the classpath resource {@code /images/NAME.yaml}. Images are UTF-8; anything
 * that keeps the text from being read is reported as an {@link ImageException} against the file.
 */
public record ImageSource(String fileName, String text) {
    private static final Pattern BUILT_IN_NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_-]*");

    /** The image in the file at {@code path}, named as the user wrote the path. */
    public static ImageSource fromFile(Path path) throws ImageException {
        String fileName = path.toString();
        if (Files.isDirectory(path)) {
            throw problem(fileName, "cannot read the image: this is a directory, expected a YAML file");
        }
        try {
            return new ImageSource(fileName, decode(fileName, Files.readAllBytes(path)));
        } catch (NoSuchFileException e) {
            throw problem(fileName, "cannot read the image: no such file");
        } catch (AccessDeniedException e) {
            throw problem(fileName, "cannot read the image: permission denied");
        } catch (IOException e) {
            throw problem(fileName, "cannot read the image: " + e.getMessage());
        }
    }

    /** The built-in image {@code name}. */
    public static ImageSource builtIn(String name) throws ImageException {
        return builtIn(name, List.of());
    }

    /** The built-in image {@code name}; {@code known} (the built-in names) feeds the suggestion if it is missing. */
    public static ImageSource builtIn(String name, Collection<String> known) throws ImageException {
        String fileName = "images/" + name + ".yaml";
        if (!BUILT_IN_NAME.matcher(name).matches()) {
            throw problem(name, "'" + name + "' is not a built-in image name: expected letters, digits, '-' and '_'"
                    + "; give a file by its path (for example ./" + name + ")");
        }
        try (InputStream in = ImageSource.class.getResourceAsStream("/" + fileName)) {
            if (in == null) {
                throw problem(name, "no built-in image '" + name + "'" + Suggest.didYouMean(name, known)
                        + (known.isEmpty() ? "" : "; the built-in images: " + String.join(", ", new TreeSet<>(known))));
            }
            return new ImageSource(fileName, decode(fileName, in.readAllBytes()));
        } catch (IOException e) {
            throw problem(fileName, "cannot read the built-in image: " + e.getMessage());
        }
    }

    /** The scenario in this image. */
    public Scenario read(Catalog catalog) throws ImageException {
        return ImageReader.read(fileName, text, catalog);
    }

    /** The scenario in this image with {@code --set} overrides. */
    public Scenario read(List<String> overrides, Catalog catalog) throws ImageException {
        return ImageReader.read(fileName, text, overrides, catalog);
    }

    /** Strict UTF-8, so that a binary or Latin-1 file is reported rather than read as mojibake. */
    private static String decode(String fileName, byte[] bytes) throws ImageException {
        try {
            return StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes)).toString();
        } catch (CharacterCodingException e) {
            throw problem(fileName, "cannot read the image: it is not UTF-8 text");
        }
    }

    private static ImageException problem(String fileName, String message) {
        return new ImageException(List.of(new Problem(SourcePos.wholeFile(fileName), message)));
    }
}
