package org.doorway.triage;

import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.doorway.referral.Door;
import org.doorway.referral.Referral;
import org.doorway.triage.internal.PolicyEngine;
import org.doorway.triage.internal.PolicyFiles;
import org.locationtech.jts.geom.Coordinate;
import org.locationtech.jts.geom.Geometry;
import org.locationtech.jts.geom.GeometryFactory;
import org.locationtech.jts.geom.Point;

/**
 * One version of a site's triage policy, as its Policy Coordinating Group wrote it and
 * {@link PolicyFiles} checked it. Immutable; every default is already applied, so the
 * {@link PolicyEngine} never has to guess. The file format is documented, field by field, in the
 * demo site's {@code policy.yaml}.
 *
 * @param site          the site the policy belongs to
 * @param version       the version every decision records
 * @param effective     the first day (site time) on which this version is in force
 * @param timeZone      the site's time zone: operating hours, holidays and the effective date are
 *                      read in it
 * @param file          where the policy was read from, for messages
 * @param routing       which referrals the site takes, and through which door
 * @param doors         the rules of each door
 * @param hours         when a warm handoff can happen
 * @param pilotZone     where a warm handoff can happen
 * @param redirect      what is redirected to emergency or crisis response
 * @param capacity      caseloads, and the queue for community referrals when the team is full
 * @param followUp      field follow-up when no warm handoff can happen now
 * @param owgReview     what happens after the Operations Work Group decides
 * @param goldenThread  how a referral is matched to an enrolled participant
 * @param consent       where a referral goes whose person declined to be contacted
 * @param messages      what the referrer (or dispatch) is told, in the PCG's words
 * @param alternatives  the site's list of other resources, offered when a referral is not eligible
 * @param recordAge     how old a record may be and still ask for a warm handoff now
 *
 * <p>Why one file of some 600 lines: it is the policy language's model, one small record or enum
 * per section of the file, nested here so that the model reads like the file it comes from.
 */
public record Policy(
        String site,
        String version,
        LocalDate effective,
        ZoneId timeZone,
        String file,
        Routing routing,
        Map<Door, DoorRules> doors,
        Hours hours,
        PilotZone pilotZone,
        Redirect redirect,
        Capacity capacity,
        FollowUp followUp,
        OwgReview owgReview,
        GoldenThread goldenThread,
        Consent consent,
        Messages messages,
        List<Alternative> alternatives,
        RecordAge recordAge) {

    public Policy {
        doors = Map.copyOf(doors);
        alternatives = List.copyOf(alternatives);
    }

    /** The first instant this version is in force: the start of its effective day, site time. */
    public Instant effectiveFrom() {
        return effective.atStartOfDay(timeZone).toInstant();
    }

    /** The rules of a door. */
    public DoorRules door(Door door) {
        return doors.get(door);
    }

    /**
     * The referrer role the routing entry for a call type or service code names
     * ({@code referrer-role}), or for a record without one the {@code without-call-type} entry's;
     * empty when the entry names none or the code is not routed by call type. Mappers whose source
     * may be relaying someone else's referral (a dispatcher entering an officer's LEAD request) use
     * it to look for that referrer in what the source sent.
     */
    public Optional<String> referrerRoleFor(String code) {
        Optional<Route> route = code == null || code.isBlank()
                ? Optional.ofNullable(routing.withoutCallType())
                : routing.forCallType(code);
        return route.map(Route::referrerRole);
    }

    /**
     * The door routing gives a code, for mappers whose source does not say the door: the entry
     * listing a call type or service code; arrest diversion for a charge code listed among the
     * divertible offences (when the site takes arrests by charge); for no code at all, the door of
     * {@code routing.without-call-type}. Empty when the policy routes no such code.
     */
    public Optional<Door> doorFor(String code) {
        if (code == null || code.isBlank()) {
            return Optional.ofNullable(routing.withoutCallType()).map(Route::door);
        }
        Optional<Route> route = routing.forCallType(code);
        if (route.isPresent()) {
            return Optional.of(route.get().door());
        }
        Offences offences = door(Door.ARREST_DIVERSION) == null
                ? null
                : door(Door.ARREST_DIVERSION).offences();
        if (routing.arrests() != null
                && offences != null
                && offences.divertible(new Referral.Charge(code, null, null))) {
            return Optional.of(Door.ARREST_DIVERSION);
        }
        return Optional.empty();
    }

    /** What to do when a fact the policy needs is not known, or a criterion is not met. */
    public enum Then {
        /** Carry on as if met; the reason says the policy allowed it. */
        PROCEED("proceed"),
        /** The Operations Work Group decides. */
        OWG_REVIEW("owg-review"),
        /** Not eligible. */
        NOT_ELIGIBLE("not-eligible");

        public final String word;

        Then(String word) {
            this.word = word;
        }
    }

    /** What an unknown exclusion fact counts as. */
    public enum Unknown {
        NOT_EXCLUDED("not-excluded"),
        EXCLUDED("excluded");

        public final String word;

        Unknown(String word) {
            this.word = word;
        }
    }

    /** Whether every referral through a door goes to the OWG first, or only when a rule says so. */
    public enum ReviewFirst {
        WHEN_NEEDED("when-needed"),
        ALWAYS("always");

        public final String word;

        ReviewFirst(String word) {
            this.word = word;
        }
    }

    /** The policy-file name of a door, as rule paths write it. */
    public static String doorKey(Door door) {
        return switch (door) {
            case ARREST_DIVERSION -> "arrest-diversion";
            case SOCIAL_CONTACT -> "social-contact";
            case COMMUNITY -> "community";
        };
    }

    /** A door in plain words, for reasons. */
    public static String doorWords(Door door) {
        return switch (door) {
            case ARREST_DIVERSION -> "arrest diversion";
            case SOCIAL_CONTACT -> "social contact";
            case COMMUNITY -> "community";
        };
    }

    // ---------------------------------------------------------------- routing

    /**
     * Which referrals the site takes.
     *
     * @param callTypes         CAD, 988 and 311 codes the site takes, each with its door
     * @param arrests           arrest records with charges (RMS exports), or {@code null} when the
     *                          site takes none by charge
     * @param withoutCallType   referrals with neither call type nor charge (a dispatcher's forward,
     *                          the web form), or {@code null} when the site takes none
     */
    public record Routing(List<Route> callTypes, Route arrests, Route withoutCallType) {

        public Routing {
            callTypes = List.copyOf(callTypes);
        }

        /** The entry for a call type code, matched trimmed and without regard to case. */
        public Optional<Route> forCallType(String code) {
            if (code == null || code.isBlank()) {
                return Optional.empty();
            }
            String key = normalise(code);
            return callTypes.stream().filter(r -> r.codes().contains(key)).findFirst();
        }

        /** How routing lists compare codes: trimmed, upper case. */
        public static String normalise(String code) {
            return code.trim().toUpperCase(Locale.ROOT);
        }
    }

    /**
     * One routing entry.
     *
     * @param path         where it is in the policy file, e.g. {@code routing.call-types[2]}
     * @param codes        the codes it matches, normalised ({@link Routing#normalise})
     * @param door         the door its referrals go through when the source does not set one
     * @param referrerRole the referrer's role when the source does not say, or {@code null}; also
     *                     the role a dispatcher relays the referral for when the source says its
     *                     referrer is a {@code dispatcher} and this is another role (an officer's
     *                     LEAD request entered by dispatch)
     * @param meaning      what the code means, in words (from the policy, never from the source)
     */
    public record Route(String path, Set<String> codes, Door door, String referrerRole, String meaning) {
        public Route {
            codes = Set.copyOf(codes);
        }
    }

    // ---------------------------------------------------------------- doors

    /**
     * The rules of one door.
     *
     * @param door        the door
     * @param enabled     whether the site takes referrals through it at all
     * @param warmHandoff whether a case manager comes to the scene now (otherwise field follow-up)
     * @param referrers   who may refer through it
     * @param reviewFirst whether every referral through it goes to the OWG first
     * @param offences    arrest diversion: the divertible offences; {@code null} for other doors
     * @param exclusions  arrest diversion: every exclusion, switched on or off; empty for other doors
     * @param override    arrest diversion: who may override an exclusion; {@code null} for others
     * @param eligibility social contact and community: the core eligibility criteria; {@code null}
     *                    for arrest diversion
     */
    public record DoorRules(
            Door door,
            boolean enabled,
            boolean warmHandoff,
            Referrers referrers,
            ReviewFirst reviewFirst,
            Offences offences,
            Map<Exclusion, ExclusionRule> exclusions,
            OverrideRule override,
            Eligibility eligibility) {

        public DoorRules {
            exclusions = Map.copyOf(exclusions);
        }

        /** The rule path of this door, e.g. {@code doors.arrest-diversion}. */
        public String path() {
            return "doors." + doorKey(door);
        }
    }

    /**
     * Who may refer through a door.
     *
     * @param roles       the referrer roles allowed, lower case ({@code officer}, {@code dispatcher}…)
     * @param whenUnknown what to do when neither the source nor the routing entry gives a role
     */
    public record Referrers(Set<String> roles, Then whenUnknown) {
        public Referrers {
            roles = Set.copyOf(roles);
        }
    }

    /**
     * The divertible offences of arrest diversion. A charge whose code system is UCR or NIBRS matches
     * the {@code ucr} list; a charge in any other code system (a statute, a local code) matches
     * {@code statutes} or {@code charge-codes}; a charge that names no code system is looked up in
     * all three. Codes compare trimmed and without regard to case.
     *
     * @param ucr             UCR / NIBRS offence codes, normalised
     * @param statutes        statute citations, normalised
     * @param chargeCodes     local charge codes, normalised
     * @param allMustBeDivertible whether every charge must be divertible (otherwise one is enough)
     * @param whenNoCharge    what to do when the referral names no charge
     */
    public record Offences(
            Set<String> ucr,
            Set<String> statutes,
            Set<String> chargeCodes,
            boolean allMustBeDivertible,
            Then whenNoCharge) {

        public Offences {
            ucr = Set.copyOf(ucr);
            statutes = Set.copyOf(statutes);
            chargeCodes = Set.copyOf(chargeCodes);
        }

        /** Whether a charge is one of the divertible offences. */
        public boolean divertible(Referral.Charge charge) {
            if (charge == null || charge.code() == null || charge.code().isBlank()) {
                return false;
            }
            String code = Routing.normalise(charge.code());
            String system = charge.codeSystem() == null
                    ? ""
                    : charge.codeSystem().trim().toUpperCase(Locale.ROOT);
            if (system.contains("UCR") || system.contains("NIBRS")) {
                return ucr.contains(code);
            }
            if (!system.isEmpty()) {
                return statutes.contains(code) || chargeCodes.contains(code);
            }
            return ucr.contains(code) || statutes.contains(code) || chargeCodes.contains(code);
        }
    }

    /** The sample exclusions of arrest diversion (implementation toolkit, sample police policy V). */
    public enum Exclusion {
        UNABLE_TO_CONSENT("unable-to-consent", "the person is unable to consent"),
        DRUG_QUANTITY("drug-quantity", "the quantity of drugs is over the site's threshold"),
        SALE_ABOVE_SUBSISTENCE("sale-above-subsistence", "the conduct is a sale of drugs above subsistence level"),
        EXPLOITS_MINORS("exploits-minors", "the conduct exploits minors or other people"),
        VIOLENT_OFFENCE("violent-offence", "there is probable cause of a violent offence"),
        PROTECTION_ORDER_VIOLATION("protection-order-violation", "an order of protection was violated"),
        VICTIM_WANTS_PROSECUTION(
                "victim-wants-prosecution", "the victim wants prosecution (a victim must be willing to decline it)");

        /** The key under {@code doors.arrest-diversion.exclusions}. */
        public final String key;
        /** What the exclusion says, in plain words. */
        public final String words;

        Exclusion(String key, String words) {
            this.key = key;
            this.words = words;
        }

        /** The rule path, e.g. {@code doors.arrest-diversion.exclusions.violent-offence}. */
        public String path() {
            return "doors.arrest-diversion.exclusions." + key;
        }
    }

    /**
     * One exclusion as the site set it.
     *
     * @param applies        whether the site uses this exclusion at all
     * @param whenUnknown    what the exclusion counts as when the referral does not state the fact
     * @param overridable    whether a sergeant or commander may override it case by case
     * @param thresholdGrams drug quantity only: the quantity above which it excludes
     */
    public record ExclusionRule(boolean applies, Unknown whenUnknown, boolean overridable, Double thresholdGrams) {}

    /**
     * Who may override an arrest-diversion exclusion.
     *
     * @param ranks the ranks allowed, lower case (e.g. {@code sergeant}, {@code commander})
     */
    public record OverrideRule(List<String> ranks) {
        public OverrideRule {
            ranks = List.copyOf(ranks);
        }
    }

    /**
     * The core eligibility criteria of social contact and community referrals (ch3).
     *
     * @param chronicLawViolations          reason to believe the person chronically commits law
     *                                      violations tied to behavioural health or poverty
     * @param expectsCriminalLegalResponse  a public expectation of a criminal-legal response otherwise
     */
    public record Eligibility(Criterion chronicLawViolations, Criterion expectsCriminalLegalResponse) {}

    /**
     * One eligibility criterion.
     *
     * @param whenUnknown what to do when the referral does not say
     * @param whenNotMet  what to do when the referral says it is not met
     */
    public record Criterion(Then whenUnknown, Then whenNotMet) {}

    // ---------------------------------------------------------------- hours and zone

    /** A span of a day, from {@code fromMinute} (inclusive) to {@code toMinute} (exclusive, up to 1440). */
    public record Span(int fromMinute, int toMinute) {
        boolean contains(LocalTime time) {
            int minute = time.getHour() * 60 + time.getMinute();
            return minute >= fromMinute && minute < toMinute;
        }
    }

    /**
     * A holiday with its own hours.
     *
     * @param date  the day, site time
     * @param name  what it is
     * @param spans its hours; empty when closed all day
     * @param path  where it is in the policy file
     */
    public record Holiday(LocalDate date, String name, List<Span> spans, String path) {
        public Holiday {
            spans = List.copyOf(spans);
        }
    }

    /**
     * When warm handoffs can happen: hours per weekday, and holidays that replace a day's hours.
     *
     * @param week     each weekday's hours (a missing day is closed)
     * @param holidays holidays by date
     */
    public record Hours(Map<DayOfWeek, List<Span>> week, Map<LocalDate, Holiday> holidays) {

        public Hours {
            week = Map.copyOf(week);
            holidays = Map.copyOf(holidays);
        }

        /** Whether {@code at} falls inside the hours, read in {@code zone}. */
        public boolean open(Instant at, ZoneId zone) {
            LocalDateTime local = LocalDateTime.ofInstant(at, zone);
            Holiday holiday = holidays.get(local.toLocalDate());
            List<Span> spans = holiday != null ? holiday.spans() : week.getOrDefault(local.getDayOfWeek(), List.of());
            return spans.stream().anyMatch(s -> s.contains(local.toLocalTime()));
        }

        /** The holiday on the day of {@code at}, if any. */
        public Optional<Holiday> holiday(Instant at, ZoneId zone) {
            return Optional.ofNullable(holidays.get(LocalDate.ofInstant(at, zone)));
        }
    }

    /**
     * Where warm handoffs can happen.
     *
     * @param everywhere  no limit: every zone
     * @param zoneCodes   beat, precinct or sector codes, normalised
     * @param polygons    areas (WGS 84, x = longitude, y = latitude); a point on the boundary is inside
     * @param whenUnknown whether a referral with neither zone code nor coordinates counts as inside
     */
    public record PilotZone(boolean everywhere, Set<String> zoneCodes, List<Geometry> polygons, boolean whenUnknown) {

        private static final GeometryFactory GEOMETRY = new GeometryFactory();

        public PilotZone {
            zoneCodes = Set.copyOf(zoneCodes);
            polygons = List.copyOf(polygons);
        }

        /** Whether a location is inside; {@code null} when nothing about it is known. */
        public Boolean contains(Referral.Location location) {
            if (everywhere) {
                return true;
            }
            String zone = location == null
                            || location.zone() == null
                            || location.zone().isBlank()
                    ? null
                    : Routing.normalise(location.zone());
            boolean point = location != null && location.latitude() != null && location.longitude() != null;
            if (zone == null && !point) {
                return null;
            }
            if (zone != null && zoneCodes.contains(zone)) {
                return true;
            }
            if (point) {
                Point p = GEOMETRY.createPoint(new Coordinate(location.longitude(), location.latitude()));
                return polygons.stream().anyMatch(g -> g.covers(p));
            }
            return false;
        }
    }

    // ---------------------------------------------------------------- the rest

    /**
     * Redirects: imminent danger always redirects (it is never a silent decline); these call types too.
     *
     * @param callTypes call type codes that always redirect, normalised
     */
    public record Redirect(Set<String> callTypes) {
        public Redirect {
            callTypes = Set.copyOf(callTypes);
        }
    }

    /**
     * Caseloads, and the queue community referrals wait in when the team is full.
     *
     * @param caseloadLimit  participants per case manager at most (default 25)
     * @param idealCaseload  participants per case manager ideally (default 15)
     * @param fullAtIdeal    whether "full" means every case manager at the ideal caseload (otherwise
     *                       at the limit)
     * @param caseManagers   how many case managers carry caseloads, or {@code null} for everyone in
     *                       site.yaml
     * @param priorities     the queue's prioritisation rule: the first matching line gives the
     *                       priority (1 first); equal priorities wait in order of arrival
     */
    public record Capacity(
            int caseloadLimit,
            int idealCaseload,
            boolean fullAtIdeal,
            Integer caseManagers,
            List<Priority> priorities) {

        public Capacity {
            priorities = List.copyOf(priorities);
        }

        /** Participants per case manager at which the team counts as full. */
        public int fullAt() {
            return fullAtIdeal ? idealCaseload : caseloadLimit;
        }

        /** The rule path of what "full" means. */
        public String fullPath() {
            return fullAtIdeal ? "capacity.ideal-caseload" : "capacity.caseload-limit";
        }
    }

    /**
     * One line of the queue's prioritisation rule; a line with no conditions matches everything.
     *
     * @param label         what the line means, in words
     * @param referrerRoles referrer roles it matches, lower case; empty for any
     * @param callTypes     call type codes it matches, normalised; empty for any
     * @param path          where it is in the policy file
     */
    public record Priority(String label, Set<String> referrerRoles, Set<String> callTypes, String path) {
        public Priority {
            referrerRoles = Set.copyOf(referrerRoles);
            callTypes = Set.copyOf(callTypes);
        }
    }

    /**
     * Field follow-up.
     *
     * @param within how soon active outreach must begin after the referral
     */
    public record FollowUp(Duration within) {}

    /**
     * How old a record may be and still ask for a warm handoff now. A record whose event happened
     * longer ago (an RMS export replaying last week's arrests, a CAD resending an old incident) finds
     * nobody waiting on a street corner: it goes to field follow-up instead, with the reason.
     *
     * @param warmHandoffWithin the longest time from the event ({@code occurredAt}) to now for a warm
     *                          handoff; a record that does not say when its event happened is not
     *                          held to it
     */
    public record RecordAge(Duration warmHandoffWithin) {

        /** The default when a policy does not say: six hours. */
        public static final Duration DEFAULT = Duration.ofHours(6);
    }

    /**
     * The site's Operations Work Group: when it meets, how long an intake may take, and what happens
     * after it decides. The meeting dates and the intake window are optional: where the policy says
     * nothing, the instance-wide defaults ({@code doorway.dashboard.owg-first-meeting},
     * {@code owg-every}, {@code intake-within}) apply.
     *
     * @param approvedFollowUpWithin how soon outreach must begin after the OWG approves a referral
     * @param firstMeeting           a date the site's OWG met or will meet; meetings repeat every
     *                               {@code every} from it, before and after; {@code null}: the default
     * @param every                  how often it meets, whole days, at least one; {@code null}: the default
     * @param intakeWithin           how long after an arrest diversion the intake must happen
     *                               (DOMAIN.md: 30 days), unless the OWG extends it; {@code null}: the default
     */
    public record OwgReview(
            Duration approvedFollowUpWithin, LocalDate firstMeeting, Duration every, Duration intakeWithin) {

        /** Only what happens after a decision; meetings and the intake window as the instance's defaults. */
        public OwgReview(Duration approvedFollowUpWithin) {
            this(approvedFollowUpWithin, null, null, null);
        }
    }

    /** How a referral is matched to an enrolled participant. */
    public enum MatchRule {
        /** Given name, family name and date of birth. */
        FULL_NAME_AND_BIRTH_DATE("full-name-and-birth-date"),
        /** Family name and date of birth. */
        FAMILY_NAME_AND_BIRTH_DATE("family-name-and-birth-date"),
        /** No matching: every referral goes to whoever is on call. */
        OFF("off");

        public final String word;

        MatchRule(String word) {
            this.word = word;
        }
    }

    /**
     * The golden thread: an enrolled participant goes to their own case manager first.
     *
     * @param match                    how a referral is matched to a participant
     * @param includeInactive          whether inactive participants are matched too
     * @param enrolledMeetsEligibility whether an enrolled participant's unknown eligibility facts
     *                                 count as met (they were established at enrolment)
     */
    public record GoldenThread(MatchRule match, boolean includeInactive, boolean enrolledMeetsEligibility) {}

    /** Where a referral goes whose person declined to be contacted; never to a page or to outreach. */
    public enum Declined {
        /** Back to whoever referred (a 988 transfer: the crisis line), with the reason. */
        BACK_TO_REFERRER("back-to-referrer"),
        /** To the Operations Work Group, which contacts nobody either. */
        OWG_REVIEW("owg-review");

        public final String word;

        Declined(String word) {
            this.word = word;
        }
    }

    /**
     * Consent (a 988 crisis line's transfer says whether the caller agreed to be contacted). A
     * referral whose person declined is never paged for and never sent to field outreach, whatever
     * its door; imminent danger is still redirected first.
     *
     * @param whenDeclined where such a referral goes
     * @param tellReferrer what the referrer is told, in the site's words
     */
    public record Consent(Declined whenDeclined, String tellReferrer) {

        /** Said to the referrer when the policy gives no words of its own. */
        public static final String DEFAULT_TELL_REFERRER = "The person declined to be contacted, so LEAD will not"
                + " contact them: please keep supporting them through your own service.";

        /** The default: back to the referrer, in the default words. */
        public static final Consent DEFAULT = new Consent(Declined.BACK_TO_REFERRER, DEFAULT_TELL_REFERRER);
    }

    /**
     * What people are told, in the PCG's words.
     *
     * @param warmHandoffNow the referrer, when a case manager is on the way
     * @param fieldFollowUp  the officer, at once, when there is no warm handoff now
     * @param owgReview      the referrer, when the OWG decides
     * @param queued         the referrer, when the team is full and the referral waits
     * @param notEligible    the referrer, when the referral is not eligible
     * @param redirect       dispatch, when someone is in imminent danger
     */
    public record Messages(
            String warmHandoffNow,
            String fieldFollowUp,
            String owgReview,
            String queued,
            String notEligible,
            String redirect) {}
}
