package org.doorway.portal;

import java.security.SecureRandom;
import java.text.Normalizer;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.doorway.referral.Door;
import org.doorway.referral.Referral;

/**
 * Turns the portal's form into a community {@link Referral}: checks what was typed, and maps the
 * answers to the canonical record. Pure, apart from drawing random submission tokens.
 *
 * <p>The referral: door {@code COMMUNITY}, source {@code portal}, source id the form's submission
 * token (so a form sent twice, by the back button or a double tap, is one referral); the place as
 * the location's free-text description (kept behind sign-in, never put in an SMS); the referrer as
 * a resident, business or partner, with the partner's code as agency and a name and {@code tel:}
 * callback only when given; the person's first name, if given; the referrer's own account as the
 * first note; and the answers to the danger and eligibility questions as screening facts
 * ({@code yes}/{@code no}/{@code not sure} as true/false/unknown).
 */
final class PortalReferrals {

    /** The source every portal referral is recorded under. */
    static final String SOURCE = "portal";

    static final int MAX_PLACE = 300;
    static final int MAX_STORY = 2000;
    static final int MAX_PERSON_NAME = 60;
    static final int MAX_LOOKS = 300;
    static final int MAX_YOUR_NAME = 80;
    static final int MAX_YOUR_PHONE = 30;

    static final Set<String> ANSWERS = Set.of("yes", "no", "unsure");
    static final Set<String> ROLES = Set.of("resident", "business", "partner");

    private static final SecureRandom RANDOM = new SecureRandom();

    private PortalReferrals() {}

    /**
     * Something wrong with one field, for the error summary and the field itself.
     *
     * @param field  the form field's name
     * @param anchor the id of the element the summary links to
     * @param code   the message key saying what is wrong and how to fix it
     * @param args   the message's arguments
     */
    record FieldProblem(String field, String anchor, String code, Object... args) {}

    /** A fresh submission token: 128 random bits, URL-safe. */
    static String newToken() {
        byte[] bytes = new byte[16];
        RANDOM.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    /** Whether {@code token} is one {@link #newToken} could have drawn. */
    static boolean validToken(String token) {
        return token != null && token.matches("[A-Za-z0-9_-]{22}");
    }

    /** Whether a robot filled the form: people never see the honeypot field, so never fill it. */
    static boolean isRobot(PortalForm form) {
        return form.getWebsite() != null && !form.getWebsite().isEmpty();
    }

    /** What is wrong with the form, in the order of its fields; empty when it can be sent. */
    static List<FieldProblem> check(PortalForm form, PortalSettings portal) {
        List<FieldProblem> problems = new ArrayList<>();
        answer(problems, "danger", form.getDanger());
        String place = clean(form.getPlace(), false);
        if (place == null) {
            problems.add(new FieldProblem("place", "place", "portal.error.place.required"));
        } else {
            length(problems, "place", place, MAX_PLACE);
        }
        length(problems, "story", clean(form.getStory(), true), MAX_STORY);
        answer(problems, "often", form.getOften());
        answer(problems, "police", form.getPolice());
        if (portal.questions().personName()) {
            length(problems, "personName", clean(form.getPersonName(), false), MAX_PERSON_NAME);
        }
        if (portal.questions().personDescription()) {
            length(problems, "looks", clean(form.getLooks(), true), MAX_LOOKS);
        }
        if (portal.questions().referrerRole()
                && clean(form.getRole(), false) != null
                && !ROLES.contains(clean(form.getRole(), false))) {
            problems.add(new FieldProblem("role", "role-resident", "portal.error.choice"));
        }
        if (portal.questions().referrerContact()) {
            length(problems, "yourName", clean(form.getYourName(), false), MAX_YOUR_NAME);
            String phone = clean(form.getYourPhone(), false);
            if (phone != null
                    && (phone.length() > MAX_YOUR_PHONE
                            || PhoneNumbers.e164(phone, portal.phoneRegion()).isEmpty())) {
                problems.add(new FieldProblem(
                        "yourPhone", "yourPhone", "portal.error.phone", PhoneNumbers.example(portal.phoneRegion())));
            }
        }
        return problems;
    }

    /**
     * The referral a checked form makes.
     *
     * @param form      the form, with nothing {@link #check} objects to
     * @param portal    the site's portal
     * @param token     the submission token (the referral's source id)
     * @param partner   the partner whose code the form carried, if it is one of the portal's
     * @param now       when it was received
     */
    static Referral referral(
            PortalForm form,
            PortalSettings portal,
            String token,
            Optional<PortalSettings.Partner> partner,
            Instant now) {
        PortalSettings.Questions asked = portal.questions();
        String role = asked.referrerRole() ? clean(form.getRole(), false) : null;
        if (role == null || !ROLES.contains(role)) {
            // Whoever uses a public form without saying more is a member of the public.
            role = "resident";
        }
        String yourName = asked.referrerContact() ? clean(form.getYourName(), false) : null;
        String callback = asked.referrerContact()
                ? PhoneNumbers.e164(clean(form.getYourPhone(), false), portal.phoneRegion())
                        .map(PhoneNumbers::telUri)
                        .orElse(null)
                : null;
        Referral.Referrer referrer = new Referral.Referrer(
                partner.map(PortalSettings.Partner::code).orElse(null), null, callback, role, yourName);

        List<Referral.Person> persons = new ArrayList<>();
        String personName = asked.personName() ? clean(form.getPersonName(), false) : null;
        if (personName != null) {
            persons.add(new Referral.Person(List.of("Referred"), personName, null, null, null, null, null));
        }
        List<String> notes = new ArrayList<>();
        String story = clean(form.getStory(), true);
        if (story != null) {
            notes.add(story);
        }
        String looks = asked.personDescription() ? clean(form.getLooks(), true) : null;
        if (looks != null) {
            notes.add("What the person looks like: " + looks);
        }
        List<String> warnings = new ArrayList<>();
        if (clean(form.getPartner(), false) != null && partner.isEmpty()) {
            warnings.add("The form carried a partner code the portal does not know; recorded as the public form");
        }
        Referral.Screening screening = new Referral.Screening(
                answer(form.getDanger()),
                null,
                null,
                null,
                null,
                null,
                null,
                null,
                null,
                answer(form.getOften()),
                answer(form.getPolice()),
                null);
        Referral.Location location = new Referral.Location(null, clean(form.getPlace(), false), null, null, null);
        return new Referral(
                portal.site(),
                Door.COMMUNITY,
                SOURCE,
                token,
                now,
                now,
                location,
                null,
                List.of(),
                referrer,
                persons,
                notes,
                warnings,
                screening);
    }

    /** {@code yes} → true, {@code no} → false, anything else (not sure, no answer) → unknown. */
    static Boolean answer(String value) {
        if ("yes".equals(value)) {
            return Boolean.TRUE;
        }
        return "no".equals(value) ? Boolean.FALSE : null;
    }

    /**
     * Typed text as it is kept: Unicode-normalised (NFC), without control characters (line breaks
     * kept where {@code multiline}, as {@code \n}), trimmed; {@code null} when nothing is left.
     */
    static String clean(String text, boolean multiline) {
        if (text == null) {
            return null;
        }
        String normal = Normalizer.normalize(text, Normalizer.Form.NFC)
                .replace("\r\n", "\n")
                .replace('\r', '\n');
        StringBuilder kept = new StringBuilder(normal.length());
        normal.codePoints().forEach(c -> {
            if (c == '\n') {
                kept.append(multiline ? '\n' : ' ');
            } else if (c == '\t') {
                kept.append(' ');
            } else if (!Character.isISOControl(c) && Character.getType(c) != Character.FORMAT
                    || c == 0x200D) { // keep the zero-width joiner of emoji sequences
                kept.appendCodePoint(c);
            }
        });
        String trimmed = kept.toString().strip();
        return trimmed.isEmpty() ? null : trimmed;
    }

    private static void answer(List<FieldProblem> problems, String field, String value) {
        if (value != null && !value.isEmpty() && !ANSWERS.contains(value)) {
            problems.add(new FieldProblem(field, field + "-yes", "portal.error.choice"));
        }
    }

    private static void length(List<FieldProblem> problems, String field, String value, int max) {
        if (value != null) {
            int used = value.codePointCount(0, value.length());
            if (used > max) {
                problems.add(new FieldProblem(field, field, "portal.error.tooLong", max, used));
            }
        }
    }
}
