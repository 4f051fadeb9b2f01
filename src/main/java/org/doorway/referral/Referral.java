package org.doorway.referral;

import java.time.Instant;
import java.util.List;

/**
 * One canonical referral, whatever door or system it came through.
 *
 * <p>Every intake mapper produces this record and nothing else; triage, storage and paging read
 * only this. Optional parts are {@code null} (single values) or empty (lists), never absent from
 * the JSON form. {@code source} names the kind of feed ({@code eido}, {@code open311}, …) and
 * {@code sourceId} the feed's own identifier of the incident: together they are unique, so a resend
 * is recognised as the same referral.
 *
 * @param site       the LEAD site this referral belongs to
 * @param door       the door it came through
 * @param source     the kind of source feed, e.g. {@code eido}
 * @param sourceId   the source's identifier of the incident or request
 * @param occurredAt when the incident happened or the call started, if the source says
 * @param receivedAt when Doorway received it
 * @param location   where the person is, if known
 * @param callType   the dispatch call type, for doors that have one
 * @param charges    charges, for arrest diversions
 * @param referrer   who referred and how to call them back
 * @param persons    descriptors of the people involved
 * @param notes      free-text notes from the source
 * @param warnings   what the mapper could not read or had to assume; never personal data
 */
public record Referral(
        String site,
        Door door,
        String source,
        String sourceId,
        Instant occurredAt,
        Instant receivedAt,
        Location location,
        CallType callType,
        List<Charge> charges,
        Referrer referrer,
        List<Person> persons,
        List<String> notes,
        List<String> warnings) {

    public Referral {
        charges = charges == null ? List.of() : List.copyOf(charges);
        persons = persons == null ? List.of() : List.copyOf(persons);
        notes = notes == null ? List.of() : List.copyOf(notes);
        warnings = warnings == null ? List.of() : List.copyOf(warnings);
    }

    /**
     * Where the referral happened.
     *
     * @param text        a one-line address fit for a case manager to drive to; the only part of a
     *                    location that goes into an SMS
     * @param description free text the source adds about the place ("by the bus shelter"); kept
     *                    behind sign-in, since free text can say more than a place
     * @param latitude    WGS 84 latitude, if given
     * @param longitude   WGS 84 longitude, if given
     * @param zone        the beat, precinct or dispatch group, if given
     */
    public record Location(String text, String description, Double latitude, Double longitude, String zone) {}

    /**
     * A dispatch call type.
     *
     * @param code       the agency's internal code (what site policies name), e.g. {@code LEAD}
     * @param text       the agency's description of that code
     * @param commonCode the code from a common registry (NENA/APCO), if given
     * @param priority   the common priority number, if given
     */
    public record CallType(String code, String text, String commonCode, Integer priority) {}

    /**
     * A charge, for an arrest diversion.
     *
     * @param code        the charge code (statute, local code or UCR offence code)
     * @param codeSystem  which code list {@code code} comes from, e.g. {@code UCR}
     * @param description the charge as text
     */
    public record Charge(String code, String codeSystem, String description) {}

    /**
     * Who referred, and how to reach them.
     *
     * @param agency   the referring agency's identifier
     * @param agent    the call taker's, dispatcher's or officer's identifier
     * @param callback a callback URI ({@code tel:…}) of the referrer or caller
     */
    public record Referrer(String agency, String agent, String callback) {}

    /**
     * Descriptors of a person involved. Any of them may be {@code null}: race, ethnicity and gender
     * are kept exactly when the source gives them, for equity reporting.
     *
     * @param roles      the person's roles in the incident, e.g. {@code Caller}
     * @param givenName  given name
     * @param familyName family name
     * @param birthDate  date of birth as ISO-8601 ({@code yyyy-mm-dd}), if given
     * @param race       race, as given by the source
     * @param ethnicity  ethnicity, as given by the source
     * @param gender     gender or sex, as given by the source
     */
    public record Person(
            List<String> roles,
            String givenName,
            String familyName,
            String birthDate,
            String race,
            String ethnicity,
            String gender) {

        public Person {
            roles = roles == null ? List.of() : List.copyOf(roles);
        }
    }
}
