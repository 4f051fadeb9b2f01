package org.doorway.intake.open311;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.doorway.intake.IntakeRecord;
import org.doorway.intake.MapContext;
import org.doorway.referral.Callbacks;
import org.doorway.referral.Referral;
import org.doorway.referral.Referral.CallType;
import org.doorway.referral.Referral.Location;
import org.doorway.referral.Referral.Referrer;

/**
 * Maps one GeoReport v2 service request, already read into fields ({@link Open311Item}), to a
 * {@link Referral}. See {@link Open311Mapper} for what goes where; this class holds the rules.
 *
 * <p>Warnings and rejection reasons name the field and what is wrong with it, never its value.
 */
final class Open311Request {

    /** The longest {@code service_request_id} kept; a longer one is not an id a 311 system issues. */
    static final int MAX_ID_LENGTH = 200;

    /** The request fields GeoReport v2 defines (GET and POST), plus the extensions' container. */
    static final Set<String> STANDARD_FIELDS = Set.of(
            "service_request_id",
            "token",
            "status",
            "status_notes",
            "service_name",
            "service_code",
            "description",
            "agency_responsible",
            "service_notice",
            "requested_datetime",
            "updated_datetime",
            "expected_datetime",
            "address",
            "address_string",
            "address_id",
            "zipcode",
            "lat",
            "long",
            "media_url",
            "account_id",
            "device_id",
            "email",
            "first_name",
            "last_name",
            "phone",
            "jurisdiction_id",
            "api_key",
            "extended_attributes",
            "attribute");

    /**
     * Parts of attribute names that mark a personal contact detail (kept only in the referrer, from
     * the standard fields) or a link to media (a photo may show the person): such attributes are not
     * copied into notes. Compared with the name lower-cased and stripped of everything but letters
     * and digits.
     */
    private static final List<String> NOT_NOTES = List.of(
            "email",
            "phone",
            "mobile",
            "firstname",
            "lastname",
            "fullname",
            "givenname",
            "familyname",
            "surname",
            "contact",
            "requester",
            "reporter",
            "caller",
            "accountid",
            "deviceid",
            "apikey",
            "media",
            "photo",
            "image");

    private static final Pattern FORM_ATTRIBUTE = Pattern.compile("attribute\\[(.+)]");
    private static final Pattern PHONE_SEPARATORS = Pattern.compile("[\\s().\\-]");
    private static final Pattern PHONE = Pattern.compile("\\+?\\d{3,20}");
    private static final Pattern EMAIL = Pattern.compile("[^\\s@<>]+@[^\\s@<>]+\\.[^\\s@<>]+");
    private static final Pattern OFFSET_WITHOUT_COLON = Pattern.compile("(.*[+-]\\d{2})(\\d{2})");
    private static final int MAX_ATTRIBUTE_DEPTH = 3;

    /**
     * The role every Open311 referrer has: the 311 system forwards what a resident reported. A
     * word, as policy roles are ("311" would not be one).
     */
    static final String REFERRER_ROLE = "open311";

    private final Map<String, Object> fields;
    private final MapContext context;
    private final List<String> warnings = new ArrayList<>();

    private Open311Request(Map<String, Object> fields, MapContext context) {
        this.fields = fields;
        this.context = context;
    }

    /** The record for one request at {@code at}: read, or unreadable with the reason. */
    static IntakeRecord map(IntakeRecord.Position at, Map<String, Object> fields, MapContext context) {
        return new Open311Request(fields, context).record(at);
    }

    private IntakeRecord record(IntakeRecord.Position at) {
        String problem = idProblem();
        if (problem != null) {
            return IntakeRecord.unreadable(at, problem);
        }
        String sourceId = ((String) fields.get("service_request_id")).strip();
        CallType callType = callType();
        Instant occurredAt = dateTime("requested_datetime", "occurredAt");
        // A newer version of a request carries a later updated_datetime; "closed" closes it.
        Referral.Revision revision = new Referral.Revision(
                dateTime("updated_datetime", "its update time"),
                "closed".equalsIgnoreCase(String.valueOf(text("status")).strip()));
        Location location = location();
        Referrer referrer = referrer();
        List<String> notes = notes();
        return IntakeRecord.read(
                at,
                new Referral(
                        context.site(),
                        context.doorFor(callType == null ? null : callType.code()),
                        context.source(),
                        sourceId,
                        occurredAt,
                        context.receivedAt(),
                        location,
                        callType,
                        List.of(),
                        referrer,
                        List.of(),
                        notes,
                        warnings,
                        Referral.Screening.UNKNOWN,
                        revision));
    }

    private String idProblem() {
        Object id = fields.get("service_request_id");
        if (id == null || (id instanceof String s && s.isBlank())) {
            return fields.get("token") != null
                    ? "service_request_id: required; a request known only by its token is refused, because it"
                            + " would be taken a second time when it arrives under its service_request_id"
                    : "service_request_id: required";
        }
        if (!(id instanceof String s)) {
            return "service_request_id: not a single value";
        }
        if (s.strip().length() > MAX_ID_LENGTH) {
            return "service_request_id: longer than " + MAX_ID_LENGTH + " characters";
        }
        return null;
    }

    private CallType callType() {
        String code = text("service_code");
        String name = text("service_name");
        return code == null && name == null ? null : new CallType(code, name, null, null);
    }

    /** A GeoReport date-time field ({@code requested_datetime}, {@code updated_datetime}); null when absent or unreadable (warned). */
    private Instant dateTime(String field, String leftEmpty) {
        String value = text(field);
        if (value == null) {
            return null;
        }
        try {
            return OffsetDateTime.parse(value, DateTimeFormatter.ISO_OFFSET_DATE_TIME)
                    .toInstant();
        } catch (DateTimeParseException notWithColon) {
            Matcher m = OFFSET_WITHOUT_COLON.matcher(value);
            if (m.matches()) {
                try {
                    return OffsetDateTime.parse(m.group(1) + ":" + m.group(2), DateTimeFormatter.ISO_OFFSET_DATE_TIME)
                            .toInstant();
                } catch (DateTimeParseException e) {
                    // not that either; try without an offset
                }
            }
        }
        try {
            LocalDateTime local = LocalDateTime.parse(value, DateTimeFormatter.ISO_LOCAL_DATE_TIME);
            warnings.add(field + ": no UTC offset; read in the site's time zone");
            return local.atZone(context.timeZone()).toInstant();
        } catch (DateTimeParseException e) {
            warnings.add(field + ": not an ISO 8601 date-time; " + leftEmpty + " left empty");
            return null;
        }
    }

    private Location location() {
        String address = text("address");
        if (address == null) {
            address = text("address_string");
        }
        String zipcode = text("zipcode");
        String line = address;
        if (zipcode != null) {
            line = address == null ? zipcode : address.contains(zipcode) ? address : address + ", " + zipcode;
        }
        Double latitude = coordinate("lat", 90);
        Double longitude = coordinate("long", 180);
        if ((latitude == null) != (longitude == null)) {
            warnings.add((latitude == null ? "long" : "lat") + ": given without its pair; coordinates not kept");
            latitude = null;
            longitude = null;
        }
        if (line == null && latitude == null) {
            return null;
        }
        return new Location(line, null, latitude, longitude, null);
    }

    private Double coordinate(String field, double bound) {
        String value = text(field);
        if (value == null) {
            return null;
        }
        double number;
        try {
            number = Double.parseDouble(value);
        } catch (NumberFormatException e) {
            warnings.add(field + ": not a number; ignored");
            return null;
        }
        if (!(Math.abs(number) <= bound)) {
            warnings.add(field + ": outside -" + (int) bound + ".." + (int) bound + "; ignored");
            return null;
        }
        return number;
    }

    private Referrer referrer() {
        String first = text("first_name");
        String last = text("last_name");
        String name = first == null ? last : last == null ? first : first + " " + last;
        String callback = tel(text("phone"));
        String mailto = mailto(text("email"));
        return new Referrer(text("jurisdiction_id"), null, callback != null ? callback : mailto, REFERRER_ROLE, name);
    }

    private String tel(String phone) {
        if (phone == null) {
            return null;
        }
        String digits = PHONE_SEPARATORS.matcher(phone).replaceAll("");
        // Kept only as a number that exists, rebuilt from its parsed E.164 form.
        String tel =
                PHONE.matcher(digits).matches() ? Callbacks.tel("tel:" + digits).orElse(null) : null;
        if (tel == null) {
            warnings.add("phone: not a phone number; not kept");
        }
        return tel;
    }

    private String mailto(String email) {
        if (email == null) {
            return null;
        }
        // No address is longer than 254 characters (RFC 5321); the length check also keeps the
        // pattern from backtracking for minutes over a long dotted value.
        if (email.length() > 254 || !EMAIL.matcher(email).matches()) {
            warnings.add("email: not an e-mail address; not kept");
            return null;
        }
        return "mailto:" + email;
    }

    private List<String> notes() {
        List<String> notes = new ArrayList<>();
        String description = text("description");
        if (description != null) {
            notes.add(description);
        }
        String status = text("status");
        if (status != null) {
            notes.add("Status: " + status);
        }
        String statusNotes = text("status_notes");
        if (statusNotes != null) {
            notes.add("Status notes: " + statusNotes);
        }
        Attributes attributes = new Attributes(notes);
        attributes.container("extended_attributes");
        attributes.container("attribute");
        for (Map.Entry<String, Object> field : fields.entrySet()) {
            Matcher form = FORM_ATTRIBUTE.matcher(field.getKey());
            if (form.matches()) {
                attributes.add(form.group(1), field.getValue(), 0);
            }
        }
        if (attributes.withheld > 0) {
            warnings.add("attributes: " + attributes.withheld + " contact or media field(s) not kept as notes");
        }
        if (attributes.tooDeep) {
            warnings.add(
                    "attributes: nested deeper than " + MAX_ATTRIBUTE_DEPTH + " levels; the deeper parts are not kept");
        }
        return notes;
    }

    /** Non-standard attributes as {@code name: value} notes. */
    private final class Attributes {
        private final List<String> notes;
        private int withheld;
        private boolean tooDeep;

        Attributes(List<String> notes) {
            this.notes = notes;
        }

        void container(String field) {
            Object value = fields.get(field);
            if (value == null) {
                return;
            }
            if (!(value instanceof Map<?, ?> map)) {
                warnings.add(field + ": not an object; ignored");
                return;
            }
            map.forEach((name, member) -> add(String.valueOf(name), member, 0));
        }

        void add(String name, Object value, int depth) {
            if (withheld(name)) {
                withheld++;
                return;
            }
            if (value instanceof String text) {
                if (!text.isBlank()) {
                    notes.add(name + ": " + text.strip());
                }
            } else if (value instanceof Map<?, ?> map) {
                if (depth >= MAX_ATTRIBUTE_DEPTH) {
                    tooDeep = true;
                    return;
                }
                map.forEach((sub, member) -> add(name + "." + sub, member, depth + 1));
            } else if (value instanceof List<?> list) {
                List<String> texts = new ArrayList<>();
                for (Object element : list) {
                    if (element instanceof String text && !text.isBlank()) {
                        texts.add(text.strip());
                    } else if (element != null && !(element instanceof String)) {
                        add(name, element, depth + 1);
                    }
                }
                if (!texts.isEmpty()) {
                    notes.add(name + ": " + String.join(", ", texts));
                }
            }
        }

        private boolean withheld(String name) {
            String plain = name.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]", "");
            return plain.equals("name") || NOT_NOTES.stream().anyMatch(plain::contains);
        }
    }

    /** A standard field's text, trimmed, or null when absent, null, empty or not a single value. */
    private String text(String field) {
        Object value = fields.get(field);
        if (value == null) {
            return null;
        }
        if (value instanceof String text) {
            String stripped = text.strip();
            return stripped.isEmpty() ? null : stripped;
        }
        warnings.add(field + ": not a single value; ignored");
        return null;
    }
}
