package org.doorway.intake.eido;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.DateTimeException;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.doorway.referral.Referral.Person;

/**
 * Maps EIDO person components to {@link Person} descriptors.
 *
 * <p>{@code roles} come from {@code personIncidentRoleRegistryText}. Everything else comes from
 * {@code ncPersonComponent}, NIEM {@code nc:PersonType} in EIDO's JSON form: each property is an
 * array of objects (a single object is accepted too, and the first element is used), texts are
 * {@code {"value": …}} and codes {@code {"simpleType": …}}.
 *
 * <ul>
 *   <li>{@code givenName}, {@code familyName}: {@code name[0].personGivenName[0].value} and
 *       {@code name[0].personSurName[0].value}. When neither is given but
 *       {@code name[0].personFullName[0].value} is, the full name is put in {@code givenName} as
 *       written and {@code familyName} stays null: splitting a name into parts is a guess.
 *   <li>{@code birthDate}: {@code birthDate[0].date[0].value}, an {@code xs:date}; kept as
 *       {@code yyyy-mm-dd} (a time zone suffix is dropped). Anything else is warned and ignored.
 *   <li>{@code race}: {@code race[0].value}, else {@code raceCode[0].simpleType} (NCIC RAC) in
 *       words, else {@code raceRapSheetCode[0].simpleType} as written.
 *   <li>{@code ethnicity}: {@code ethnicity[0].value}, else {@code ethnicityCode[0].simpleType}
 *       (UCR) in words, else {@code ethnicityRapSheetCode[0].simpleType} as written.
 *   <li>{@code gender}: {@code sex[0].value}, else {@code sexCode[0].simpleType} (NCIC SEX) in
 *       words, else {@code sexRapSheetCode[0].simpleType} as written.
 * </ul>
 *
 * <p>A code outside its list is warned and the next source tried. What is absent stays null:
 * nothing is ever guessed.
 */
final class EidoPersons {

    static final Map<String, String> NCIC_RACE = Map.of(
            "A", "Asian",
            "B", "Black",
            "I", "American Indian or Alaska Native",
            "U", "Unknown",
            "W", "White");
    static final Map<String, String> UCR_ETHNICITY = Map.of(
            "H", "Hispanic or Latino",
            "N", "Not Hispanic or Latino",
            "U", "Unknown");
    static final Map<String, String> NCIC_SEX = Map.of(
            "F", "Female",
            "M", "Male",
            "U", "Unknown");

    private static final Pattern XS_DATE = Pattern.compile("(\\d{4}-\\d{2}-\\d{2})(Z|[+-]\\d{2}:\\d{2})?");

    /** A JSON node and where it is. */
    private record At(JsonNode node, String pointer) {}

    private final EidoJson json;

    EidoPersons(EidoJson json) {
        this.json = json;
    }

    /** The descriptors of each person component, in document order. */
    List<Person> map(List<EidoComponents.Component> components) {
        List<Person> persons = new ArrayList<>();
        for (EidoComponents.Component component : components) {
            persons.add(person(component));
        }
        return persons;
    }

    private Person person(EidoComponents.Component component) {
        List<String> roles = json.texts(component.node(), component.pointer(), "personIncidentRoleRegistryText");
        At nc = first(new At(component.node(), component.pointer()), "ncPersonComponent");
        if (nc == null) {
            return new Person(roles, null, null, null, null, null, null);
        }
        At name = first(nc, "name");
        String given = text(first(name, "personGivenName"));
        String family = text(first(name, "personSurName"));
        if (given == null && family == null) {
            given = text(first(name, "personFullName"));
        }
        return new Person(
                roles,
                given,
                family,
                birthDate(first(first(nc, "birthDate"), "date")),
                descriptor(nc, "race", "raceCode", NCIC_RACE, "an NCIC race code", "raceRapSheetCode"),
                descriptor(
                        nc,
                        "ethnicity",
                        "ethnicityCode",
                        UCR_ETHNICITY,
                        "a UCR ethnicity code",
                        "ethnicityRapSheetCode"),
                descriptor(nc, "sex", "sexCode", NCIC_SEX, "an NCIC sex code", "sexRapSheetCode"));
    }

    private String descriptor(
            At nc,
            String textField,
            String codeField,
            Map<String, String> codes,
            String codeName,
            String rapSheetField) {
        String text = text(first(nc, textField));
        if (text != null) {
            return text;
        }
        At code = first(nc, codeField);
        String value = simpleType(code);
        if (value != null) {
            String words = codes.get(value.toUpperCase(Locale.ROOT));
            if (words != null) {
                return words;
            }
            json.findings().warn(EidoFindings.child(code.pointer(), "simpleType"), "not " + codeName + "; ignored");
        }
        return simpleType(first(nc, rapSheetField));
    }

    private String birthDate(At date) {
        String value = text(date);
        if (value == null) {
            return null;
        }
        Matcher matcher = XS_DATE.matcher(value);
        if (matcher.matches()) {
            try {
                return LocalDate.parse(matcher.group(1)).toString();
            } catch (DateTimeException e) {
                // falls through to the warning
            }
        }
        json.findings().warn(EidoFindings.child(date.pointer(), "value"), "not an xs:date (yyyy-mm-dd); ignored");
        return null;
    }

    /**
     * The first object of a NIEM property: element 0 of an array, or the object itself. Null when
     * absent; warned and null when it is neither an object nor an array starting with one.
     */
    private At first(At parent, String field) {
        if (parent == null) {
            return null;
        }
        JsonNode node = EidoJson.member(parent.node(), field);
        if (node == null) {
            return null;
        }
        String at = EidoFindings.child(parent.pointer(), field);
        if (node.isArray()) {
            if (node.isEmpty()) {
                return null;
            }
            node = node.get(0);
            at = EidoFindings.child(at, 0);
        }
        if (!node.isObject()) {
            json.findings().warn(at, "not an object; ignored");
            return null;
        }
        return new At(node, at);
    }

    private String text(At holder) {
        return holder == null ? null : json.text(holder.node(), holder.pointer(), "value");
    }

    private String simpleType(At holder) {
        return holder == null ? null : json.text(holder.node(), holder.pointer(), "simpleType");
    }
}
