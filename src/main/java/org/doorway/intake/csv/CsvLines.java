package org.doorway.intake.csv;

import java.util.Arrays;

/**
 * The physical lines of a text: where each starts, so that a character offset can be turned into
 * the 1-based line a person sees in an editor. {@code \r\n}, {@code \n} and a lone {@code \r} each
 * end a line, as in CSV.
 */
final class CsvLines {

    private final String text;
    private final int[] starts;
    private final int count;

    CsvLines(String text) {
        this.text = text;
        int[] found = new int[64];
        int n = 0;
        found[n++] = 0;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '\n' || (c == '\r' && (i + 1 == text.length() || text.charAt(i + 1) != '\n'))) {
                if (n == found.length) {
                    found = Arrays.copyOf(found, n * 2);
                }
                found[n++] = i + 1;
            }
        }
        this.starts = found;
        this.count = n;
    }

    /** The offset where line {@code line} (1-based) starts, or the text's length past the last line. */
    int start(int line) {
        return line - 1 < count ? starts[line - 1] : text.length();
    }

    /** The line of the first character at or after {@code offset} that is not a line break. */
    int lineOfContentAt(int offset) {
        int at = offset;
        while (at < text.length() && (text.charAt(at) == '\r' || text.charAt(at) == '\n')) {
            at++;
        }
        return lineAt(at);
    }

    /** The 1-based line holding {@code offset}. */
    int lineAt(int offset) {
        int found = Arrays.binarySearch(starts, 0, count, offset);
        return found >= 0 ? found + 1 : -found - 1;
    }
}
