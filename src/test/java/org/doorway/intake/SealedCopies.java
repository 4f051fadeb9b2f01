package org.doorway.intake;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.doorway.seal.Sealer;

/**
 * What tests of the doors need to check a sealed copy (a Kafka dead letter, a file of {@code done/}
 * or {@code failed/}): that it is sealed, and what an administrator gets back when opening it with
 * {@code POST /api/v1/dead-letters/open}.
 */
public final class SealedCopies {

    private SealedCopies() {}

    /** Whether {@code bytes} are a sealed value naming a data key. */
    public static boolean sealed(byte[] bytes) {
        return Sealer.keyId(bytes).isPresent();
    }

    /**
     * Sends {@code sealed} to be opened as {@code client} (a signed-in browser).
     *
     * @return the answer's status and body
     */
    public static HttpResponse<byte[]> open(HttpClient client, String base, byte[] sealed) {
        try {
            return client.send(
                    HttpRequest.newBuilder(URI.create(base + "/api/v1/dead-letters/open"))
                            .header("Content-Type", "application/octet-stream")
                            .POST(HttpRequest.BodyPublishers.ofByteArray(sealed))
                            .build(),
                    HttpResponse.BodyHandlers.ofByteArray());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** The original bytes of {@code sealed}, as an administrator of every site opens them. */
    public static byte[] opened(HttpClient admin, String base, byte[] sealed) {
        HttpResponse<byte[]> response = open(admin, base, sealed);
        if (response.statusCode() != 200) {
            throw new AssertionError("opening a sealed copy answered " + response.statusCode());
        }
        return response.body();
    }
}
