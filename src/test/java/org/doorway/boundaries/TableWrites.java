package org.doorway.boundaries;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Finds the tables a Java source file writes with SQL: {@code insert into T}, {@code update T set},
 * {@code delete from T} (also {@code merge into T}), in strings and text blocks. Comments are
 * removed first, so a Javadoc sentence about a table is not a write.
 */
final class TableWrites {

    private static final Pattern COMMENTS = Pattern.compile("/\\*.*?\\*/|//[^\\n]*", Pattern.DOTALL);
    private static final Pattern WRITE = Pattern.compile(
            "\\b(?:insert\\s+into|merge\\s+into|delete\\s+from)\\s+([a-z_][a-z0-9_]*)|\\bupdate\\s+([a-z_][a-z0-9_]*)\\s+set\\b",
            Pattern.CASE_INSENSITIVE);

    private TableWrites() {}

    /** Each table written, once per statement, lower case, in order of appearance. */
    static List<String> in(String javaSource) {
        String code = COMMENTS.matcher(javaSource).replaceAll(" ");
        List<String> tables = new ArrayList<>();
        Matcher m = WRITE.matcher(code);
        while (m.find()) {
            String table = m.group(1) != null ? m.group(1) : m.group(2);
            tables.add(table.toLowerCase(Locale.ROOT));
        }
        return tables;
    }
}
