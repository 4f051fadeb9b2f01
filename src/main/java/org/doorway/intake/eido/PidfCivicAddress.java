package org.doorway.intake.eido;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.StringJoiner;

/**
 * Turns the elements of a PIDF-LO {@code civicAddress} (RFC 4776, RFC 5139) into one line a case
 * manager can drive to.
 *
 * <p>The line is made of these parts, in this order, separated by {@code ", "}; a part whose
 * elements are all absent is left out:
 *
 * <ol>
 *   <li>{@code NAM} — the name of the place or occupant;
 *   <li>the street: {@code HNO} and {@code HNS} (joined without a space when the suffix starts
 *       with a letter, {@code 12B}, else with one, {@code 12 1/2}), then {@code PRM}, {@code PRD},
 *       the road name ({@code RD}, or {@code A6} when there is no {@code RD}), {@code STS},
 *       {@code POD} and {@code POM}, separated by spaces;
 *   <li>{@code BLD}, {@code FLR}, {@code UNIT}, {@code ROOM}, {@code SEAT}, each as its own part,
 *       prefixed with {@code Bldg}, {@code Floor}, {@code Unit}, {@code Room} or {@code Seat} unless
 *       the value already contains a word (so {@code 12} becomes {@code Unit 12} but
 *       {@code Apt 12} stays as it is);
 *   <li>{@code LMK} — a landmark, then {@code LOC} — additional location information;
 *   <li>the community: {@code A3} (city), else {@code PCN} (postal community), else {@code A2}
 *       (county);
 *   <li>{@code A1} (state) and {@code PC} (postal code), separated by a space;
 *   <li>{@code country}, unless it is {@code US}.
 * </ol>
 *
 * <p>So the NENA sample ({@code HNO 42, PRD W, RD Cellular, STS Street, A3 Wilmington, A1 DE,
 * country US}) reads {@code 42 W Cellular Street, Wilmington, DE}. White space inside each value
 * is collapsed. Other elements ({@code A4}, {@code A5}, {@code POBOX}, {@code ADDCODE}, …) are not
 * used.
 */
final class PidfCivicAddress {

    private PidfCivicAddress() {}

    /**
     * Formats civic address elements.
     *
     * @param elements element local name → trimmed, non-empty text
     * @return the one-line address, or {@code null} if nothing but the country is known
     */
    static String format(Map<String, String> elements) {
        List<String> parts = new ArrayList<>();
        add(parts, elements.get("NAM"));
        add(parts, street(elements));
        add(parts, labelled("Bldg", elements.get("BLD")));
        add(parts, labelled("Floor", elements.get("FLR")));
        add(parts, labelled("Unit", elements.get("UNIT")));
        add(parts, labelled("Room", elements.get("ROOM")));
        add(parts, labelled("Seat", elements.get("SEAT")));
        add(parts, elements.get("LMK"));
        add(parts, elements.get("LOC"));
        add(parts, firstOf(elements.get("A3"), elements.get("PCN"), elements.get("A2")));
        add(parts, spaced(elements.get("A1"), elements.get("PC")));
        if (parts.isEmpty()) {
            return null;
        }
        String country = elements.get("country");
        if (country != null && !country.equalsIgnoreCase("US")) {
            parts.add(country);
        }
        return String.join(", ", parts);
    }

    private static String street(Map<String, String> e) {
        String number = e.get("HNO");
        String suffix = e.get("HNS");
        if (suffix != null) {
            number = number == null
                    ? suffix
                    : Character.isLetter(suffix.charAt(0)) ? number + suffix : number + " " + suffix;
        }
        String road = e.get("RD") != null ? e.get("RD") : e.get("A6");
        return spaced(number, e.get("PRM"), e.get("PRD"), road, e.get("STS"), e.get("POD"), e.get("POM"));
    }

    /** Two letters in a row: the value says what it is without a label. */
    private static final java.util.regex.Pattern WORD = java.util.regex.Pattern.compile("\\p{L}{2,}");

    private static String labelled(String label, String value) {
        if (value == null) {
            return null;
        }
        boolean hasWord = WORD.matcher(value).find();
        if (hasWord) {
            return value;
        }
        return label + " " + value;
    }

    private static String spaced(String... values) {
        StringJoiner joiner = new StringJoiner(" ");
        joiner.setEmptyValue("");
        for (String value : values) {
            if (value != null) {
                joiner.add(value);
            }
        }
        String joined = joiner.toString();
        return joined.isEmpty() ? null : joined;
    }

    private static String firstOf(String... values) {
        for (String value : values) {
            if (value != null) {
                return value;
            }
        }
        return null;
    }

    private static void add(List<String> parts, String part) {
        if (part != null && !part.isEmpty()) {
            parts.add(part);
        }
    }
}
