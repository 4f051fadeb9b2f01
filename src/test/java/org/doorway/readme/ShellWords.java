package org.doorway.readme;

import java.util.ArrayList;
import java.util.List;

/**
 * Splits a shell script into commands and words as {@code sh} would for the simple commands a
 * README shows: single and double quotes, backslash escapes, backslash-newline continuations,
 * {@code #} comments, and commands separated by newlines, {@code ;}, {@code &&} and {@code ||}.
 * No expansion of variables, globs or {@code ~} (the README uses none).
 */
final class ShellWords {

    private ShellWords() {}

    static List<Readme.Command> commands(String script) {
        List<Readme.Command> commands = new ArrayList<>();
        List<String> words = new ArrayList<>();
        List<String> comments = new ArrayList<>();
        StringBuilder word = null;
        int i = 0;
        while (i < script.length()) {
            char c = script.charAt(i);
            if (c == '\\') {
                if (i + 1 < script.length() && script.charAt(i + 1) == '\n') {
                    i += 2; // a continuation: the command goes on
                    continue;
                }
                word = word == null ? new StringBuilder() : word;
                if (i + 1 < script.length()) {
                    word.append(script.charAt(i + 1));
                }
                i += 2;
            } else if (c == '\'') {
                word = word == null ? new StringBuilder() : word;
                int end = script.indexOf('\'', i + 1);
                if (end < 0) {
                    throw new IllegalArgumentException("unclosed ' in README command: " + script);
                }
                word.append(script, i + 1, end);
                i = end + 1;
            } else if (c == '"') {
                word = word == null ? new StringBuilder() : word;
                i++;
                while (true) {
                    if (i >= script.length()) {
                        throw new IllegalArgumentException("unclosed \" in README command: " + script);
                    }
                    char d = script.charAt(i);
                    if (d == '"') {
                        i++;
                        break;
                    }
                    if (d == '\\' && i + 1 < script.length() && "$`\"\\\n".indexOf(script.charAt(i + 1)) >= 0) {
                        if (script.charAt(i + 1) != '\n') {
                            word.append(script.charAt(i + 1));
                        }
                        i += 2;
                    } else {
                        word.append(d);
                        i++;
                    }
                }
            } else if (c == '#' && word == null) {
                int end = script.indexOf('\n', i);
                end = end < 0 ? script.length() : end;
                String comment = script.substring(i + 1, end);
                comment = comment.startsWith(" ") ? comment.substring(1) : comment;
                if (words.isEmpty() && !commands.isEmpty()) {
                    commands.get(commands.size() - 1).comments().add(comment);
                } else {
                    comments.add(comment);
                }
                i = end;
            } else if (c == ' ' || c == '\t') {
                word = flush(word, words);
                i++;
            } else if (c == '\n'
                    || c == ';'
                    || (c == '&' || c == '|') && i + 1 < script.length() && script.charAt(i + 1) == c) {
                word = flush(word, words);
                if (!words.isEmpty()) {
                    commands.add(new Readme.Command(List.copyOf(words), comments));
                    words.clear();
                    comments = new ArrayList<>();
                }
                i += c == '\n' || c == ';' ? 1 : 2;
            } else {
                word = word == null ? new StringBuilder() : word;
                word.append(c);
                i++;
            }
        }
        flush(word, words);
        if (!words.isEmpty()) {
            commands.add(new Readme.Command(List.copyOf(words), comments));
        }
        return commands;
    }

    private static StringBuilder flush(StringBuilder word, List<String> words) {
        if (word != null) {
            words.add(word.toString());
        }
        return null;
    }
}
