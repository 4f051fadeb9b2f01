package org.doorway.intake.nibrs;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.doorway.referral.Referral;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

/**
 * What a NIBRS report says about the facts the arrest-diversion exclusions weigh
 * ({@link Referral.Screening}), read from its codes by the table in {@code docs/exclusion-codes.md}
 * (FBI NIBRS User Manual and Technical Specification code lists):
 * <ul>
 *   <li>{@code violentOffence}: true when an arrest charge (element 45) or an offence of the incident
 *       (element 6, {@code j:Offense/nibrs:OffenseUCRCode}) is one of {@link #VIOLENT}, or an offence
 *       other than a weapon law violation (520) names a weapon or force used (element 13,
 *       {@code j:ForceCategoryCode}, one of {@link #WEAPON_OR_FORCE}); false when every such code is
 *       one NIBRS defines and none is; otherwise unknown.
 *   <li>{@code exploitsMinors}: true when an offence's type of criminal activity (element 12) is
 *       {@code E}, exploiting children; otherwise unknown.
 *   <li>{@code drugQuantityGrams}: the total of the seized drugs' quantities (elements 21 and 22) when
 *       every one is given by weight (grams, kilograms, ounces, pounds); unknown when there is none,
 *       or one is by volume, dosage units or plants, or not reported.
 * </ul>
 * Everything else (consent, sale above subsistence, protection order, victim's wish) NIBRS does not
 * say: unknown, decided by the policy's rule for unknown facts. Warnings name elements, never values.
 */
final class NibrsScreening {

    /** UCR offence codes read as a violent offence: crimes against persons by force or threat, and robbery. */
    static final Set<String> VIOLENT =
            Set.of("09A", "100", "11A", "11B", "11C", "11D", "120", "13A", "13B", "13C", "64A", "64B");

    /** Type of weapon/force involved (element 13) codes naming a weapon or force; 95 unknown and 99 none do not. */
    static final Set<String> WEAPON_OR_FORCE =
            Set.of("11", "12", "13", "14", "15", "20", "30", "35", "40", "50", "60", "65", "70", "85", "90");

    /** The weapon law violation offence: its weapon code says what was carried, not that it was used. */
    static final String WEAPON_LAW_VIOLATION = "520";

    /** Grams per unit of the drug measurement codes by weight (element 22). */
    static final Map<String, Double> GRAMS = Map.of("GM", 1.0, "KG", 1000.0, "OZ", 28.349523125, "LB", 453.59237);

    private NibrsScreening() {}

    /**
     * The screening facts of an arrest in {@code report}.
     *
     * @param chargeCodes the arrest's UCR charge codes, upper case
     * @param where       the report's path, for warnings
     * @param warnings    where warnings go
     */
    static Referral.Screening of(Element report, List<String> chargeCodes, String where, List<String> warnings) {
        List<Element> offences = NibrsXml.children(report, "Offense");
        return new Referral.Screening(
                null,
                null,
                null,
                drugGrams(report, where, warnings),
                null,
                exploitsMinors(offences),
                violent(offences, chargeCodes),
                null,
                null,
                null,
                null,
                null);
    }

    private static Boolean violent(List<Element> offences, List<String> chargeCodes) {
        List<String> codes = new ArrayList<>(chargeCodes);
        boolean weapon = false;
        for (Element offence : offences) {
            String code = upper(NibrsXml.text(offence, "OffenseUCRCode"));
            if (code != null) {
                codes.add(code);
            }
            if (WEAPON_LAW_VIOLATION.equals(code)) {
                continue;
            }
            for (String force : descendants(offence, "ForceCategoryCode")) {
                // An "A" suffix marks an automatic firearm: the weapon is the same.
                String kind = force.length() == 3 && force.endsWith("A") ? force.substring(0, 2) : force;
                weapon |= WEAPON_OR_FORCE.contains(kind);
            }
        }
        if (weapon || codes.stream().anyMatch(VIOLENT::contains)) {
            return Boolean.TRUE;
        }
        boolean allKnown = !codes.isEmpty() && codes.stream().allMatch(NibrsCodes.UCR_OFFENCES::containsKey);
        return allKnown ? Boolean.FALSE : null;
    }

    private static Boolean exploitsMinors(List<Element> offences) {
        for (Element offence : offences) {
            if (descendants(offence, "CriminalActivityCategoryCode").contains("E")) {
                return Boolean.TRUE;
            }
        }
        return null;
    }

    private static Double drugGrams(Element report, String where, List<String> warnings) {
        List<Element> substances = new ArrayList<>();
        NodeList found = report.getElementsByTagNameNS("*", "Substance");
        for (int i = 0; i < found.getLength(); i++) {
            substances.add((Element) found.item(i));
        }
        if (substances.isEmpty()) {
            return null;
        }
        double grams = 0;
        for (Element substance : substances) {
            List<String> quantities = descendants(substance, "MeasureDecimalValue");
            List<String> units = descendants(substance, "SubstanceUnitCode");
            if (units.isEmpty()) {
                units = descendants(substance, "DrugMeasurementCode");
            }
            Double perUnit = units.size() == 1 ? GRAMS.get(units.get(0)) : null;
            if (quantities.size() != 1 || perUnit == null) {
                warnings.add(where + ": a j:Substance's quantity is not given by weight (element 22); drug quantity"
                        + " unknown");
                return null;
            }
            try {
                double quantity = Double.parseDouble(quantities.get(0));
                if (!Double.isFinite(quantity) || quantity < 0) {
                    throw new NumberFormatException();
                }
                grams += quantity * perUnit;
            } catch (NumberFormatException e) {
                warnings.add(where + ": a j:Substance's nc:MeasureDecimalValue is not a quantity; drug quantity"
                        + " unknown");
                return null;
            }
        }
        return grams;
    }

    /** The trimmed, upper-case texts of the descendants of {@code element} with this local name. */
    private static List<String> descendants(Element element, String localName) {
        List<String> texts = new ArrayList<>();
        NodeList found = element.getElementsByTagNameNS("*", localName);
        for (int i = 0; i < found.getLength(); i++) {
            String text = upper(NibrsXml.text((Element) found.item(i)));
            if (text != null) {
                texts.add(text);
            }
        }
        return texts;
    }

    private static String upper(String text) {
        return text == null ? null : text.toUpperCase(Locale.ROOT);
    }
}
