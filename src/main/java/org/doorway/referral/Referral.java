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
 * @param screening  what the source says about the facts triage weighs (danger, consent,
 *                   exclusions, an override); never {@code null}, every fact may be unknown
 * @param revision   which version of the source's record this is (its own update time) and whether
 *                   the source has closed the incident; never {@code null}
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
        List<String> warnings,
        Screening screening,
        Revision revision) {

    public Referral {
        revision = revision == null ? Revision.UNKNOWN : revision;
        charges = charges == null ? List.of() : List.copyOf(charges);
        persons = persons == null ? List.of() : List.copyOf(persons);
        notes = notes == null ? List.of() : List.copyOf(notes);
        warnings = warnings == null ? List.of() : bounded(warnings);
        screening = screening == null ? Screening.UNKNOWN : screening;
    }

    /** The most warnings a referral lists; the rest are counted in one more. */
    static final int MAX_WARNINGS = 50;

    /** Each warning once, at most {@link #MAX_WARNINGS} of them and a count of the others. */
    private static List<String> bounded(List<String> warnings) {
        List<String> distinct = warnings.stream().distinct().toList();
        if (distinct.size() <= MAX_WARNINGS + 1) {
            return distinct;
        }
        List<String> kept = new java.util.ArrayList<>(distinct.subList(0, MAX_WARNINGS));
        kept.add((distinct.size() - MAX_WARNINGS) + " more warnings not listed");
        return List.copyOf(kept);
    }

    /** A referral whose source says nothing about the screening facts. */
    public Referral(
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
        this(
                site,
                door,
                source,
                sourceId,
                occurredAt,
                receivedAt,
                location,
                callType,
                charges,
                referrer,
                persons,
                notes,
                warnings,
                Screening.UNKNOWN,
                Revision.UNKNOWN);
    }

    /** A referral whose source says nothing of versions or closing (one version, open). */
    public Referral(
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
            List<String> warnings,
            Screening screening) {
        this(
                site,
                door,
                source,
                sourceId,
                occurredAt,
                receivedAt,
                location,
                callType,
                charges,
                referrer,
                persons,
                notes,
                warnings,
                screening,
                Revision.UNKNOWN);
    }

    /** The same referral as another version of the source's record. */
    public Referral withRevision(Revision revision) {
        return new Referral(
                site,
                door,
                source,
                sourceId,
                occurredAt,
                receivedAt,
                location,
                callType,
                charges,
                referrer,
                persons,
                notes,
                warnings,
                screening,
                revision);
    }

    /** The same referral for another site and door (a source's records are read before routing). */
    public Referral withSiteAndDoor(String site, Door door) {
        return new Referral(
                site,
                door,
                source,
                sourceId,
                occurredAt,
                receivedAt,
                location,
                callType,
                charges,
                referrer,
                persons,
                notes,
                warnings,
                screening,
                revision);
    }

    /**
     * Which version of a source's record a referral is, as the source says. A source that sends a
     * record again (a CAD updating an incident, a 311 system updating a request) gives a newer
     * version a later {@code updatedAt}; where the format has no update time, {@code updatedAt} is
     * {@code null} and versions are told apart by the order they arrive in.
     *
     * @param updatedAt when the source last changed the record (EIDO {@code lastUpdateTimeStamp},
     *                  Open311 {@code updated_datetime}, a CSV mapping's {@code updated-at}), or
     *                  {@code null} when it does not say
     * @param closed    the source has closed or cancelled the incident (EIDO incident status,
     *                  Open311 {@code status} {@code closed}, a CSV mapping's {@code closed} column):
     *                  an open warm handoff for it is called off
     */
    public record Revision(Instant updatedAt, boolean closed) {

        /** Nothing said: one version, open. */
        public static final Revision UNKNOWN = new Revision(null, false);
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
     * @param agency   the referring agency's identifier (for a community referral through a partner's
     *                 QR code, the partner's code)
     * @param agent    the call taker's, dispatcher's or officer's identifier (badge or login)
     * @param callback a callback URI ({@code tel:…}) of the referrer or caller
     * @param role     what the referrer is, as triage's "who may refer" rules name it:
     *                 {@code officer}, {@code dispatcher}, {@code crisis-line}, {@code partner},
     *                 {@code resident}, {@code business}…; {@code null} when the source does not say
     * @param name     the referrer's own name, when a person referred in their own name
     */
    public record Referrer(String agency, String agent, String callback, String role, String name) {

        /** A referrer whose role and name the source does not give. */
        public Referrer(String agency, String agent, String callback) {
            this(agency, agent, callback, null, null);
        }
    }

    /** What a victim, if there is one, wants: it bears on arrest diversion (sample policy V). */
    public enum VictimWish {
        NO_VICTIM,
        DECLINES_PROSECUTION,
        WANTS_PROSECUTION
    }

    /**
     * The facts triage weighs, as the source states them. Each is {@code null} when the source says
     * nothing; triage then decides by the policy's rule for unknown facts, never by a guess.
     *
     * @param imminentDanger            danger to self or others needing emergency care now
     * @param consentToContact          the person agreed to be contacted (988 transfers carry this)
     * @param unableToConsent           the person cannot consent (intoxication, crisis)
     * @param drugQuantityGrams         the quantity of drugs involved, for the site's threshold
     * @param saleAboveSubsistence      a sale above subsistence level
     * @param exploitsMinors            the conduct exploits minors
     * @param violentOffence            probable cause of a violent offence
     * @param protectionOrderViolation  an order of protection was violated
     * @param victim                    whether there is a victim and what they want
     * @param chronicLawViolations      reason to believe the person chronically commits law violations
     *                                  tied to behavioural health or poverty (community eligibility)
     * @param expectsCriminalLegalResponse the public would otherwise expect a criminal-legal response
     * @param override                  a supervisor's override of an exclusion, if any
     */
    public record Screening(
            Boolean imminentDanger,
            Boolean consentToContact,
            Boolean unableToConsent,
            Double drugQuantityGrams,
            Boolean saleAboveSubsistence,
            Boolean exploitsMinors,
            Boolean violentOffence,
            Boolean protectionOrderViolation,
            VictimWish victim,
            Boolean chronicLawViolations,
            Boolean expectsCriminalLegalResponse,
            Override override) {

        /** Nothing known. */
        public static final Screening UNKNOWN =
                new Screening(null, null, null, null, null, null, null, null, null, null, null, null);
    }

    /**
     * A sergeant's or commander's case-by-case override of an arrest-diversion exclusion.
     *
     * @param by     who overrode (name or badge)
     * @param rank   their rank, as the policy's override rule names ranks
     * @param at     when
     * @param reason why, in their words
     */
    public record Override(String by, String rank, Instant at, String reason) {}

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
