package org.doorway.readme;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The commands of README.md as a newcomer would paste them: every {@code ```sh} block (indented
 * ones in list items too), split into shell words the way a POSIX shell would (quotes, backslash
 * continuations, comments, {@code &&} and {@code ;}). A comment right under a command (such as the
 * answer the README shows) stays with that command. Failsafe passes the file as the
 * {@code doorway.readme} system property.
 */
final class Readme {

    /** One command line of a block: its words, and the comment lines that follow it. */
    record Command(List<String> words, List<String> comments) {

        String program() {
            return words.get(0);
        }

        /** The comment under the command, without the leading {@code #}, lines joined. */
        String shownAnswer() {
            return String.join("\n", comments);
        }

        @Override
        public String toString() {
            return String.join(" ", words);
        }
    }

    private static final Pattern LINK = Pattern.compile("<(http://localhost:8080/[^>\\s]*)>");

    private final Path file;
    private final String text;
    private final List<Command> commands;

    private Readme(Path file, String text) {
        this.file = file;
        this.text = text;
        this.commands = new ArrayList<>();
        for (String block : shBlocks(text)) {
            commands.addAll(ShellWords.commands(block));
        }
    }

    static Readme load() {
        Path file = Path.of(System.getProperty("doorway.readme", "README.md")).toAbsolutePath();
        try {
            return new Readme(file, Files.readString(file));
        } catch (IOException e) {
            throw new UncheckedIOException("README.md not readable at " + file, e);
        }
    }

    /** The repository's folder: where a newcomer runs the README's commands. */
    Path repository() {
        return file.getParent();
    }

    String text() {
        return text;
    }

    List<Command> commands() {
        return commands;
    }

    /** The one command that matches; fails, naming what was looked for, if there is none or several. */
    Command command(String what, Predicate<Command> which) {
        List<Command> found = commands.stream().filter(which).toList();
        assertThat(found).as("README.md commands that are " + what).hasSize(1);
        return found.get(0);
    }

    /** The {@code curl} command whose URL contains {@code urlPart}. */
    Command curl(String urlPart) {
        return command(
                "curl to " + urlPart,
                c -> c.program().equals("curl")
                        && c.words().stream().anyMatch(w -> w.startsWith("http") && w.contains(urlPart)));
    }

    /** The README's link {@code <http://localhost:8080/…>} whose path starts with {@code path}. */
    String link(String path) {
        Matcher links = LINK.matcher(text);
        while (links.find()) {
            if (links.group(1).startsWith("http://localhost:8080" + path)) {
                return links.group(1);
            }
        }
        throw new AssertionError("README.md has no link <http://localhost:8080" + path + "…>");
    }

    /** The bodies of the {@code ```sh} fenced blocks, with the fence's indentation removed. */
    static List<String> shBlocks(String markdown) {
        List<String> blocks = new ArrayList<>();
        StringBuilder block = null;
        String indent = "";
        for (String line : markdown.split("\n", -1)) {
            String trimmed = line.strip();
            if (block == null) {
                if (trimmed.equals("```sh")) {
                    block = new StringBuilder();
                    indent = line.substring(0, line.indexOf('`'));
                }
            } else if (trimmed.equals("```")) {
                blocks.add(block.toString());
                block = null;
            } else {
                block.append(line.startsWith(indent) ? line.substring(indent.length()) : line.stripLeading())
                        .append('\n');
            }
        }
        return blocks;
    }
}
