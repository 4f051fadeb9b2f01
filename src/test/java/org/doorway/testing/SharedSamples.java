package org.doorway.testing;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The public sample payloads in {@code ../shared/samples}, read in place.
 *
 * <p>A test that needs one calls {@link #read(String)}; where the shared folder is absent the test
 * is skipped (not failed) with a message that says which file was missing and where it was looked
 * for. Surefire passes the folder as the {@code doorway.shared.dir} system property.
 */
public final class SharedSamples {

    private SharedSamples() {}

    /** The samples folder; the test is skipped if it does not exist. */
    public static Path dir() {
        Path dir =
                Path.of(System.getProperty("doorway.shared.dir", "../shared")).resolve("samples");
        assumeTrue(
                Files.isDirectory(dir), () -> "shared samples not found at " + dir.toAbsolutePath() + "; test skipped");
        return dir;
    }

    /** The path of one sample; the test is skipped if it is absent. */
    public static Path path(String name) {
        Path file = dir().resolve(name);
        assumeTrue(
                Files.isRegularFile(file),
                () -> "shared sample " + name + " not found at " + file.toAbsolutePath() + "; test skipped");
        return file;
    }

    /** The bytes of one sample, exactly as stored. */
    public static byte[] read(String name) {
        try {
            return Files.readAllBytes(path(name));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
