package org.doorway.readme;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A README {@code curl} command turned into the request curl would send: its {@code -H} headers,
 * its body ({@code -d}/{@code --data} strip newlines from an {@code @file} as curl does;
 * {@code --data-binary} sends it as is), its method and URL. An option this class does not know
 * fails the test, so a README command it cannot honestly replay is noticed, not half-sent.
 */
final class Curl {

    private final Readme.Command command;
    private final List<String[]> headers = new ArrayList<>();
    private String method;
    private String data;
    private boolean binary;
    private String url;

    Curl(Readme.Command command) {
        this.command = command;
        List<String> words = command.words();
        if (!words.get(0).equals("curl")) {
            throw new IllegalArgumentException("not a curl command: " + command);
        }
        for (int i = 1; i < words.size(); i++) {
            String w = words.get(i);
            switch (w) {
                case "-s", "--silent", "-S", "--show-error" -> {}
                case "-H", "--header" -> {
                    String header = words.get(++i);
                    int colon = header.indexOf(':');
                    headers.add(new String[] {
                        header.substring(0, colon).strip(),
                        header.substring(colon + 1).strip()
                    });
                }
                case "-d", "--data", "--data-ascii" -> {
                    data = words.get(++i);
                    binary = false;
                }
                case "--data-binary" -> {
                    data = words.get(++i);
                    binary = true;
                }
                case "-X", "--request" -> method = words.get(++i);
                default -> {
                    if (w.startsWith("-")) {
                        throw new IllegalArgumentException(
                                "README curl option " + w + " is not understood by this test: " + command);
                    }
                    if (url != null) {
                        throw new IllegalArgumentException("README curl command with two URLs: " + command);
                    }
                    url = w;
                }
            }
        }
        if (url == null) {
            throw new IllegalArgumentException("README curl command without a URL: " + command);
        }
    }

    String url() {
        return url;
    }

    /** The file an {@code @file} body names, or {@code null}. */
    String dataFile() {
        return data != null && data.startsWith("@") ? data.substring(1) : null;
    }

    /**
     * The request, aimed at {@code base} instead of {@code http://localhost:8080}, with {@code <id>}
     * replaced. An {@code @file} is read relative to the repository; one under {@code ../shared}
     * from the shared folder, and the test is skipped, naming the file, if it is absent.
     */
    HttpRequest request(String base, String id, Path repository, Path shared) {
        String target = url.replace("http://localhost:8080", base);
        if (target.contains("<id>")) {
            if (id == null) {
                throw new IllegalStateException("README command needs an <id> nobody answered yet: " + command);
            }
            target = target.replace("<id>", id);
        }
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(target));
        boolean contentType = false;
        for (String[] header : headers) {
            request.header(header[0], header[1]);
            contentType |= header[0].equalsIgnoreCase("Content-Type");
        }
        if (data == null) {
            return request.method(method == null ? "GET" : method, HttpRequest.BodyPublishers.noBody())
                    .build();
        }
        byte[] body = dataFile() == null ? data.getBytes(StandardCharsets.UTF_8) : read(dataFile(), repository, shared);
        if (!contentType) {
            request.header("Content-Type", "application/x-www-form-urlencoded"); // as curl -d does
        }
        return request.method(method == null ? "POST" : method, HttpRequest.BodyPublishers.ofByteArray(body))
                .build();
    }

    private byte[] read(String name, Path repository, Path shared) {
        Path file = resolve(name, repository, shared);
        try {
            byte[] bytes = Files.readAllBytes(file);
            if (binary) {
                return bytes;
            }
            // curl -d @file leaves out carriage returns and newlines
            return new String(bytes, StandardCharsets.UTF_8)
                    .replace("\r", "")
                    .replace("\n", "")
                    .getBytes(StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A path as the README writes it (relative to the repository), with {@code ../shared} the shared folder. */
    static Path resolve(String name, Path repository, Path shared) {
        if (name.startsWith("../shared/")) {
            Path file = shared.resolve(name.substring("../shared/".length()));
            assumeTrue(
                    Files.isRegularFile(file),
                    () -> "shared sample " + name + " not found at " + file.toAbsolutePath() + "; README step skipped");
            return file;
        }
        return repository.resolve(name);
    }

    @Override
    public String toString() {
        return command.toString();
    }
}
