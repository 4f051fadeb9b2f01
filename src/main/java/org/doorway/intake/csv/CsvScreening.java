package org.doorway.intake.csv;

import java.util.List;
import java.util.Locale;
import java.util.function.Function;
import org.doorway.referral.Referral;

/**
 * What one row's {@code screening} columns say about the facts the arrest-diversion exclusions
 * weigh ({@link CsvMapping.ScreeningColumns}). An empty cell, or a value that is neither yes nor no
 * nor (for grams) a number, leaves the fact unknown; a value that is there but unusable is warned,
 * naming the column, never the value. A {@code weapon} yes makes the violent-offence fact true,
 * whatever the violent-offence column says (a weapon used is a violent offence, as NIBRS's
 * weapon/force codes are read).
 */
final class CsvScreening {

    private CsvScreening() {}

    /**
     * The screening of a row.
     *
     * @param columns  the mapping's screening columns, or {@code null}
     * @param value    a column's trimmed value in the row, {@code null} when empty
     * @param warnings where warnings go
     */
    static Referral.Screening of(
            CsvMapping.ScreeningColumns columns, Function<String, String> value, List<String> warnings) {
        if (columns == null) {
            return Referral.Screening.UNKNOWN;
        }
        Boolean violent = flag(columns, columns.violentOffence(), value, warnings);
        Boolean weapon = flag(columns, columns.weapon(), value, warnings);
        if (Boolean.TRUE.equals(weapon)) {
            violent = Boolean.TRUE;
        }
        return new Referral.Screening(
                null,
                null,
                flag(columns, columns.unableToConsent(), value, warnings),
                grams(columns.drugQuantityGrams(), value, warnings),
                flag(columns, columns.saleAboveSubsistence(), value, warnings),
                flag(columns, columns.exploitsMinors(), value, warnings),
                violent,
                flag(columns, columns.protectionOrderViolation(), value, warnings),
                null,
                null,
                null,
                null);
    }

    private static Boolean flag(
            CsvMapping.ScreeningColumns columns, String column, Function<String, String> value, List<String> warnings) {
        String text = column == null ? null : value.apply(column);
        if (text == null) {
            return null;
        }
        String word = text.toUpperCase(Locale.ROOT);
        if (columns.yes().contains(word)) {
            return Boolean.TRUE;
        }
        if (columns.no().contains(word)) {
            return Boolean.FALSE;
        }
        warnings.add("column " + column + ": neither a yes nor a no of the mapping; treated as unknown");
        return null;
    }

    private static Double grams(String column, Function<String, String> value, List<String> warnings) {
        String text = column == null ? null : value.apply(column);
        if (text == null) {
            return null;
        }
        try {
            double grams = Double.parseDouble(text);
            if (Double.isFinite(grams) && grams >= 0 && text.length() <= 32) {
                return grams;
            }
        } catch (NumberFormatException e) {
            // warned below
        }
        warnings.add("column " + column + ": not a quantity in grams; treated as unknown");
        return null;
    }
}
