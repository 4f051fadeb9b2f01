package org.doorway.dashboard.report;

import java.util.List;

/**
 * Writes a {@link Table} as CSV (RFC 4180: comma-separated, CRLF line ends, fields with a comma,
 * quote or line break quoted, quotes doubled), headings first. A text that a spreadsheet would run
 * as a formula (starting with {@code =}, {@code +}, {@code @}, or {@code -} not followed by a digit)
 * is prefixed with an apostrophe.
 */
public final class Csv {

    private Csv() {}

    /** The table as CSV text. */
    public static String write(Table table) {
        StringBuilder out = new StringBuilder();
        line(out, table.columns());
        for (List<Cell> row : table.rows()) {
            line(out, row.stream().map(Cell::csv).toList());
        }
        return out.toString();
    }

    private static void line(StringBuilder out, List<String> fields) {
        for (int i = 0; i < fields.size(); i++) {
            if (i > 0) {
                out.append(',');
            }
            out.append(field(fields.get(i)));
        }
        out.append("\r\n");
    }

    static String field(String value) {
        if (value == null) {
            return "";
        }
        String v = value;
        if (!v.isEmpty()
                && (v.charAt(0) == '='
                        || v.charAt(0) == '+'
                        || v.charAt(0) == '@'
                        || v.charAt(0) == '\t'
                        || v.charAt(0) == '\r'
                        || v.charAt(0) == '-' && (v.length() == 1 || !Character.isDigit(v.charAt(1))))) {
            v = "'" + v;
        }
        if (v.indexOf(',') >= 0 || v.indexOf('"') >= 0 || v.indexOf('\n') >= 0 || v.indexOf('\r') >= 0) {
            return '"' + v.replace("\"", "\"\"") + '"';
        }
        return v;
    }
}
