package org.doorway;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * Every field every audience outside the LEAD team can receive (issue 14, "minimum necessary"):
 * each view's fields, found in its record and its nested records, are exactly the allow-list
 * {@code docs/privacy.md} documents for it, and none of them is about enrolment, exclusions,
 * health or the person.
 */
class AudienceFieldsTest {

    /** The views given to sources, dispatchers and officers, by the name docs/privacy.md uses. */
    private static final Map<String, String> VIEWS = Map.of(
            "ReferralAccepted", "org.doorway.intake.ReferralAccepted",
            "SourceView", "org.doorway.intake.SourceView",
            "SourceNotice", "org.doorway.paging.SourceNotice",
            "OfficerNotice", "org.doorway.paging.OfficerNotice");

    /** Words no field an outside audience receives may be named for. */
    private static final List<String> NEVER = List.of(
            "participant",
            "enrol",
            "casemanager",
            "exclusion",
            "rule",
            "equity",
            "race",
            "ethnicity",
            "gender",
            "person",
            "name",
            "birth",
            "charge",
            "note",
            "override",
            "screening",
            "location",
            "callback");

    @Test
    void eachAudienceReceivesExactlyTheFieldsThePrivacyDocumentAllows() throws Exception {
        Map<String, Set<String>> documented = documented();
        assertThat(documented.keySet())
                .as("views in docs/privacy.md")
                .containsExactlyInAnyOrderElementsOf(VIEWS.keySet());
        for (Map.Entry<String, String> view : VIEWS.entrySet()) {
            Set<String> fields = new TreeSet<>();
            collect(Class.forName(view.getValue()), "", fields);
            assertThat(fields)
                    .as("the fields of %s against docs/privacy.md", view.getKey())
                    .containsExactlyInAnyOrderElementsOf(documented.get(view.getKey()));
        }
    }

    @Test
    void noAudienceOutsideTheTeamReceivesAFieldAboutEnrolmentHealthOrThePerson() throws Exception {
        for (Map.Entry<String, String> view : VIEWS.entrySet()) {
            Set<String> fields = new TreeSet<>();
            collect(Class.forName(view.getValue()), "", fields);
            for (String field : fields) {
                String lower = field.toLowerCase(Locale.ROOT);
                // The site's other resources have names: a service's, not a person's.
                String checked = lower.replace("alternatives[].name", "alternatives[]");
                assertThat(NEVER).as("%s.%s", view.getKey(), field).noneMatch(checked::contains);
            }
        }
    }

    /** The field paths of a record: nested records with a dot, lists of records with {@code []}. */
    private static void collect(Class<?> type, String prefix, Set<String> into) {
        for (RecordComponent component : type.getRecordComponents()) {
            String name = prefix + component.getName();
            Class<?> raw = component.getType();
            if (raw.isRecord()) {
                collect(raw, name + ".", into);
            } else if (Collection.class.isAssignableFrom(raw)
                    && element(component.getGenericType()) instanceof Class<?> e
                    && e.isRecord()) {
                collect(e, name + "[].", into);
            } else {
                into.add(name);
            }
        }
    }

    private static Type element(Type generic) {
        return generic instanceof ParameterizedType p ? p.getActualTypeArguments()[0] : null;
    }

    /** The allow-lists of docs/privacy.md: its table's rows naming a view, and their fields. */
    private static Map<String, Set<String>> documented() throws IOException {
        Pattern row = Pattern.compile("^\\|[^|]*\\|[^|]*\\|\\s*`(\\w+)`\\s*\\|([^|]*)\\|\\s*$");
        Pattern code = Pattern.compile("`([^`]+)`");
        Map<String, Set<String>> views = new LinkedHashMap<>();
        for (String line : Files.readAllLines(Path.of("docs/privacy.md"))) {
            Matcher m = row.matcher(line);
            if (m.matches()) {
                Set<String> fields = new TreeSet<>();
                Matcher c = code.matcher(m.group(2));
                while (c.find()) {
                    fields.add(c.group(1));
                }
                views.put(m.group(1), fields);
            }
        }
        return views;
    }
}
