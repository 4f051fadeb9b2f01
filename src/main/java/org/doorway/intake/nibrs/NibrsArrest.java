package org.doorway.intake.nibrs;

import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.doorway.intake.IntakeRecord;
import org.doorway.intake.MapContext;
import org.doorway.referral.Door;
import org.doorway.referral.Referral;
import org.doorway.referral.Referral.Charge;
import org.doorway.referral.Referral.Person;
import org.doorway.referral.Referral.Referrer;
import org.w3c.dom.Element;

/**
 * One arrest of a NIBRS report with its arrestee, and how it becomes a referral. See
 * {@link NibrsMapper} for what goes where.
 */
final class NibrsArrest {

    /** The code system of every charge read here. */
    static final String UCR = "UCR";

    static final String ARRESTEE_ROLE = "Arrestee";
    static final String REFERRER_ROLE = "officer";

    /** The longest ORI, ATN or sequence number kept; real ones are 9, 12 and 2 characters. */
    static final int MAX_ID_PART = 64;

    private static final String ORI_PATH = "nibrs:ReportHeader/nibrs:ReportingAgency/j:OrganizationAugmentation"
            + "/j:OrganizationORIIdentification/nc:IdentificationID";
    private static final Pattern XS_DATE = Pattern.compile("(\\d{4}-\\d{2}-\\d{2})(Z|[+-]\\d{2}:\\d{2})?");
    private static final Map<String, String> AGE_TEXTS = Map.of(
            "NEONATAL", "under 24 hours",
            "NEWBORN", "1 to 6 days",
            "BABY", "7 to 364 days",
            "UNKNOWN", "unknown");

    private final String reportWhere;
    private final String where;
    private final Element report;
    private final Element arrest;
    private final Element arrestee;
    private final Element person;
    private final String problem;
    private final List<String> warnings = new ArrayList<>();

    private NibrsArrest(
            String reportWhere,
            String where,
            Element report,
            Element arrest,
            Element arrestee,
            Element person,
            String problem,
            String warning) {
        this.reportWhere = reportWhere;
        this.where = where;
        this.report = report;
        this.arrest = arrest;
        this.arrestee = arrestee;
        this.person = person;
        this.problem = problem;
        if (warning != null) {
            warnings.add(warning);
        }
    }

    /**
     * Every arrest of one report, paired with its arrestee.
     *
     * @param report a {@code nibrs:Report}
     * @param where  the report's path, for reasons and warnings
     */
    static List<NibrsArrest> of(Element report, String where) {
        Map<String, Element> persons = byId(NibrsXml.children(report, "Person"));
        List<Element> arrestees = NibrsXml.children(report, "Arrestee");
        Map<String, Element> arresteesById = byId(arrestees);
        List<Element> arrests = NibrsXml.children(report, "Arrest");
        Map<String, Element> arrestsById = byId(arrests);

        List<NibrsArrest> found = new ArrayList<>();
        Set<Element> pairedArrests = new HashSet<>();
        Set<Element> pairedArrestees = new HashSet<>();
        Set<List<Element>> pairs = new HashSet<>();
        List<Element> associations = NibrsXml.children(report, "ArrestSubjectAssociation");
        for (int i = 0; i < associations.size(); i++) {
            Element association = associations.get(i);
            String at = where + "/j:ArrestSubjectAssociation[" + (i + 1) + "]";
            Element arrest = arrestsById.get(NibrsXml.ref(NibrsXml.find(association, "Activity")));
            if (arrest == null) {
                found.add(new NibrsArrest(
                        where,
                        at,
                        report,
                        null,
                        null,
                        null,
                        "nc:Activity does not name a j:Arrest of the report",
                        null));
                continue;
            }
            Element arrestee = arresteesById.get(NibrsXml.ref(NibrsXml.find(association, "Subject")));
            if (!pairs.add(java.util.Arrays.asList(arrest, arrestee))) {
                continue; // the same pair named twice is one arrest
            }
            pairedArrests.add(arrest);
            if (arrestee != null) {
                pairedArrestees.add(arrestee);
            }
            found.add(pair(
                    where,
                    arrestPath(where, arrests, arrest),
                    report,
                    arrest,
                    arrestee,
                    persons,
                    arrestee == null
                            ? at + ": j:Subject does not name a j:Arrestee of the report; no arrestee kept"
                            : null));
        }
        for (int i = 0; i < arrests.size(); i++) {
            Element arrest = arrests.get(i);
            if (pairedArrests.contains(arrest)) {
                continue;
            }
            String at = arrestPath(where, arrests, arrest);
            List<Element> unpaired =
                    arrestees.stream().filter(a -> !pairedArrestees.contains(a)).toList();
            if (arrestees.size() == 1 && unpaired.size() == 1) {
                found.add(pair(where, at, report, arrest, unpaired.get(0), persons, null));
            } else {
                found.add(pair(
                        where,
                        at,
                        report,
                        arrest,
                        null,
                        persons,
                        at + ": no j:ArrestSubjectAssociation names this arrest's arrestee; no arrestee kept"));
            }
        }
        return found;
    }

    private static String arrestPath(String report, List<Element> arrests, Element arrest) {
        return report + "/j:Arrest[" + (arrests.indexOf(arrest) + 1) + "]";
    }

    private static NibrsArrest pair(
            String reportWhere,
            String at,
            Element report,
            Element arrest,
            Element arrestee,
            Map<String, Element> persons,
            String warning) {
        Element person = null;
        String personWarning = warning;
        if (arrestee != null) {
            person = persons.get(NibrsXml.ref(NibrsXml.find(arrestee, "RoleOfPerson")));
            if (person == null && personWarning == null) {
                personWarning = at + ": the arrestee's nc:RoleOfPerson does not name an nc:Person of the report;"
                        + " no descriptors kept";
            }
        }
        return new NibrsArrest(reportWhere, at, report, arrest, arrestee, person, null, personWarning);
    }

    private static Map<String, Element> byId(List<Element> elements) {
        Map<String, Element> byId = new HashMap<>();
        for (Element element : elements) {
            String id = NibrsXml.id(element);
            if (id != null) {
                byId.putIfAbsent(id, element);
            }
        }
        return byId;
    }

    /** This arrest as a record at {@code at}. */
    IntakeRecord record(IntakeRecord.Position at, MapContext context) {
        if (problem != null) {
            return IntakeRecord.unreadable(at, where + ": " + problem);
        }
        Element header = NibrsXml.find(report, "ReportHeader");
        if ("D".equalsIgnoreCase(NibrsXml.text(header, "ReportActionCategoryCode"))) {
            return IntakeRecord.unreadable(
                    at,
                    reportWhere + "/nibrs:ReportHeader/nibrs:ReportActionCategoryCode:"
                            + " a delete report withdraws an arrest; it is not a referral");
        }
        String ori = NibrsXml.text(
                header,
                "ReportingAgency",
                "OrganizationAugmentation",
                "OrganizationORIIdentification",
                "IdentificationID");
        if (ori == null) {
            return IntakeRecord.unreadable(
                    at, reportWhere + "/" + ORI_PATH + ": required: the reporting agency's ORI identifies the arrest");
        }
        String atn = NibrsXml.text(arrest, "ActivityIdentification", "IdentificationID");
        if (atn == null) {
            return IntakeRecord.unreadable(
                    at,
                    where
                            + "/nc:ActivityIdentification/nc:IdentificationID: required: the arrest transaction"
                            + " number identifies the arrest");
        }
        String sequence = arrestee == null ? null : NibrsXml.text(arrestee, "ArrestSequenceID");
        if (ori.length() > MAX_ID_PART
                || atn.length() > MAX_ID_PART
                || (sequence != null && sequence.length() > MAX_ID_PART)) {
            return IntakeRecord.unreadable(
                    at,
                    where + ": ORI, arrest transaction number or arrestee sequence number" + " longer than "
                            + MAX_ID_PART + " characters");
        }
        String sourceId = ori + ":" + atn + (sequence == null ? "" : ":" + sequence);
        Instant occurredAt = occurredAt(context);
        List<Charge> charges = charges();
        Referral.Screening screening =
                NibrsScreening.of(report, charges.stream().map(Charge::code).toList(), reportWhere, warnings);
        return IntakeRecord.read(
                at,
                new Referral(
                        context.site(),
                        Door.ARREST_DIVERSION,
                        context.source(),
                        sourceId,
                        occurredAt,
                        context.receivedAt(),
                        null,
                        null,
                        charges,
                        new Referrer(ori, null, null, REFERRER_ROLE, null),
                        person == null && arrestee == null ? List.of() : List.of(person()),
                        notes(),
                        warnings,
                        screening));
    }

    private Instant occurredAt(MapContext context) {
        Element date = NibrsXml.find(arrest, "ActivityDate");
        String dateTime = NibrsXml.text(date, "DateTime");
        if (dateTime != null) {
            try {
                return OffsetDateTime.parse(dateTime).toInstant();
            } catch (DateTimeParseException withoutOffset) {
                try {
                    return LocalDateTime.parse(dateTime)
                            .atZone(context.timeZone())
                            .toInstant();
                } catch (DateTimeParseException e) {
                    warnings.add(where + "/nc:ActivityDate/nc:DateTime: not an xs:dateTime; ignored");
                }
            }
        }
        String day = NibrsXml.text(date, "Date");
        if (day != null) {
            Matcher m = XS_DATE.matcher(day);
            try {
                if (m.matches()) {
                    Instant start = LocalDate.parse(m.group(1))
                            .atStartOfDay(context.timeZone())
                            .toInstant();
                    warnings.add(where + "/nc:ActivityDate/nc:Date: no time of day; occurredAt is the start of"
                            + " that day in the site's time zone");
                    return start;
                }
            } catch (DateTimeParseException e) {
                // falls through to the warning
            }
            warnings.add(where + "/nc:ActivityDate/nc:Date: not an xs:date; occurredAt left empty");
            return null;
        }
        if (dateTime == null) {
            warnings.add(where + "/nc:ActivityDate: no arrest date; occurredAt left empty");
        }
        return null;
    }

    private List<Charge> charges() {
        Map<String, Charge> charges = new LinkedHashMap<>();
        for (Element charge : NibrsXml.children(arrest, "ArrestCharge")) {
            String code = NibrsXml.text(charge, "ChargeUCRCode");
            if (code == null) {
                continue;
            }
            String normalized = code.toUpperCase(Locale.ROOT);
            String description = NibrsCodes.UCR_OFFENCES.get(normalized);
            if (description == null) {
                warnings.add(where + "/j:ArrestCharge/nibrs:ChargeUCRCode: not in Doorway's list of UCR"
                        + " offence codes; kept without a description");
            }
            charges.putIfAbsent(normalized, new Charge(normalized, UCR, description));
        }
        if (charges.isEmpty()) {
            warnings.add(where + "/j:ArrestCharge: no UCR arrest offence code");
        }
        return List.copyOf(charges.values());
    }

    private Person person() {
        if (person == null) {
            return new Person(List.of(ARRESTEE_ROLE), null, null, null, null, null, null);
        }
        String race = NibrsXml.text(person, "PersonRaceNDExCode");
        String raceField = "j:PersonRaceNDExCode";
        if (race == null) {
            race = NibrsXml.text(person, "PersonRaceCode");
            raceField = "j:PersonRaceCode";
        }
        return new Person(
                List.of(ARRESTEE_ROLE),
                NibrsXml.text(person, "PersonName", "PersonGivenName"),
                NibrsXml.text(person, "PersonName", "PersonSurName"),
                birthDate(),
                words(race, NibrsCodes.RACE, raceField),
                words(NibrsXml.text(person, "PersonEthnicityCode"), NibrsCodes.ETHNICITY, "j:PersonEthnicityCode"),
                words(NibrsXml.text(person, "PersonSexCode"), NibrsCodes.SEX, "j:PersonSexCode"));
    }

    private String birthDate() {
        String date = NibrsXml.text(person, "PersonBirthDate", "Date");
        if (date == null) {
            return null;
        }
        Matcher m = XS_DATE.matcher(date);
        try {
            if (m.matches()) {
                return LocalDate.parse(m.group(1)).toString();
            }
        } catch (DateTimeParseException e) {
            // falls through to the warning
        }
        warnings.add(where + ": arrestee nc:PersonBirthDate/nc:Date: not an xs:date; ignored");
        return null;
    }

    /** A code in words; a code outside the list is kept as written (it is equity data) and warned. */
    private String words(String code, Map<String, String> list, String field) {
        if (code == null) {
            return null;
        }
        String words = list.get(code.toUpperCase(Locale.ROOT));
        if (words != null) {
            return words;
        }
        if (code.length() > 20) {
            warnings.add(where + ": arrestee " + field + ": not a NIBRS code and too long to keep; ignored");
            return null;
        }
        warnings.add(where + ": arrestee " + field + ": not a NIBRS code; kept as written");
        return code;
    }

    private List<String> notes() {
        List<String> notes = new ArrayList<>();
        String type = NibrsXml.text(arrest, "ArrestCategoryCode");
        if (type != null) {
            String words = NibrsCodes.ARREST_TYPES.get(type.toUpperCase(Locale.ROOT));
            if (words == null) {
                warnings.add(where + "/j:ArrestCategoryCode: not a NIBRS type of arrest; ignored");
            } else {
                notes.add("Type of arrest: " + words);
            }
        }
        String age = age();
        if (age != null) {
            notes.add("Age at arrest: " + age);
        }
        if (arrestee != null) {
            List<String> weapons = new ArrayList<>();
            for (Element armed : NibrsXml.children(arrestee, "ArresteeArmedWithCode")) {
                String code = NibrsXml.text(armed);
                if (code == null) {
                    continue;
                }
                String words = NibrsCodes.armedWith(code.toUpperCase(Locale.ROOT));
                if (words == null) {
                    warnings.add(where + ": j:ArresteeArmedWithCode: not a NIBRS code; ignored");
                } else if (!weapons.contains(words)) {
                    weapons.add(words);
                }
            }
            if (!weapons.isEmpty()) {
                notes.add("Arrestee armed with: " + String.join("; ", weapons));
            }
        }
        return notes;
    }

    private String age() {
        Element measure = NibrsXml.find(person, "PersonAgeMeasure");
        if (measure == null) {
            return null;
        }
        String exact = NibrsXml.text(measure, "MeasureIntegerValue");
        if (exact != null) {
            return wholeNumber(exact) ? exact : ageWarning();
        }
        String min = NibrsXml.text(measure, "MeasureIntegerRange", "RangeMinimumIntegerValue");
        String max = NibrsXml.text(measure, "MeasureIntegerRange", "RangeMaximumIntegerValue");
        if (min != null || max != null) {
            return min != null && max != null && wholeNumber(min) && wholeNumber(max)
                    ? min + " to " + max
                    : ageWarning();
        }
        String text = NibrsXml.text(measure, "MeasureValueText");
        if (text != null) {
            String words = AGE_TEXTS.get(text.toUpperCase(Locale.ROOT));
            return words == null ? ageWarning() : words;
        }
        return null;
    }

    private String ageWarning() {
        warnings.add(where + ": arrestee nc:PersonAgeMeasure: not an age NIBRS defines; ignored");
        return null;
    }

    private static boolean wholeNumber(String text) {
        return text.matches("\\d{1,3}");
    }
}
