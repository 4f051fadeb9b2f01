package org.doorway.triage.internal;

import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.TextStyle;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.stream.Collectors;
import org.doorway.referral.Door;
import org.doorway.referral.Referral;
import org.doorway.triage.Alternative;
import org.doorway.triage.Decision;
import org.doorway.triage.Outcome;
import org.doorway.triage.Policy;
import org.doorway.triage.TriageFacts;

/**
 * Applies one version of a site's policy to one referral. Pure: no clock, no database, no Spring;
 * the same referral, policy and facts always give the same decision, so decisions can be replayed
 * against a draft policy.
 *
 * <p>The order is LEAD's: the site must take the referral at all (routing); imminent danger is
 * redirected before anything else (never a silent decline); a person who declined to be contacted
 * is never paged for nor sought out (the policy's {@code consent} rule: back to the referrer, or the
 * OWG); then who may refer through the door
 * (a {@code dispatcher} sending a call type routed with another referrer role, such as an
 * officer's LEAD request, is relaying it: the routed role must be one the door takes, a reason
 * says it was relayed by dispatch, and {@link Decision#tellDispatch()} gives dispatch the answer to
 * pass on; a dispatcher's own referral meets the door's roles as a dispatcher);
 * then the door's own rules (arrest diversion: a divertible charge and the exclusions, which a
 * sergeant or commander may override; social contact and community: never a criminal-history
 * exclusion, but LEAD's core eligibility criteria); then capacity (community referrals queue when
 * the team is full); then the golden thread (an enrolled participant's own case manager first);
 * then whether a warm handoff can happen now (the door offers one, within hours, inside the pilot
 * zone), else field follow-up. A fact the referral does not state follows the policy's stated rule
 * for unknown facts, never a guess; an arrest diversion's decision names the exclusion facts the
 * source did not state.
 *
 * <p>Every reason names the rule it applied (its path in the policy file) and the policy version,
 * and quotes nothing personal from the referral: no names, notes, charges, places or free text.
 *
 * <p>Why one class of some 820 lines: triage is one ordered decision (routing, door, referrer,
 * exclusions and overrides, hours, zone, capacity, golden thread, then the outcome), and reading it
 * top to bottom in one file is how a PCG member or a public defender checks what the code does
 * against the policy they signed.
 */
public final class PolicyEngine {

    private static final DateTimeFormatter DEADLINE = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm z", Locale.ENGLISH);
    private static final List<String> SUBJECT_ROLES = List.of("subject", "arrestee", "suspect", "offender", "referred");
    private static final String DISPATCHER = "dispatcher";
    private static final String NO_HISTORY_EXCLUSION = "lead-core-principle.no-criminal-history-exclusion";

    private PolicyEngine() {}

    /**
     * Why the site does not take this referral at all, or empty when it does. A firehose feed (a
     * whole city's CAD) carries mostly incidents no policy routes; those are not stored.
     */
    public static Optional<String> notRouted(Referral referral, Policy policy) {
        return route(referral, policy) == null ? Optional.of(notRoutedWords(referral, policy)) : Optional.empty();
    }

    /** Decides what should happen to {@code referral} under {@code policy}, given {@code facts}. */
    public static Decision decide(Referral referral, Policy policy, TriageFacts facts) {
        Builder b = new Builder(referral, policy, facts);
        Routed routed = route(referral, policy);
        if (routed == null) {
            b.door = referral.door();
            return b.notEligible(notRoutedWords(referral, policy), "routing");
        }
        Door door = referral.door() != null
                ? referral.door()
                : routed.route() != null ? routed.route().door() : null;
        b.door = door;
        if (!routed.redirect()) {
            b.reason(routed.words(), routed.rule());
        }
        Referral.Screening screening = referral.screening();

        // Imminent danger first: dispatch must send emergency or crisis response now.
        if (Boolean.TRUE.equals(screening.imminentDanger())) {
            return b.redirect(
                    "The referral says the person is in imminent danger to themselves or others and needs "
                            + "acute emergency care: this is a redirect to emergency or crisis response, not a decline",
                    "redirect.imminent-danger");
        }
        if (routed.redirect()) {
            return b.redirect(
                    "Call type " + Policy.Routing.normalise(referral.callType().code()) + " is one the site "
                            + "always redirects to emergency or crisis response",
                    "redirect.call-types");
        }
        // A person who declined to be contacted (a 988 transfer's consent) is never paged for and
        // never sought out: the referral goes where the policy's consent rule says.
        if (Boolean.FALSE.equals(screening.consentToContact())) {
            return b.declined(policy.consent(), role(referral, routed));
        }
        if (door == null) {
            return b.notEligible("The source did not set a door and the policy gives none", "routing");
        }
        Policy.DoorRules rules = policy.door(door);
        String doorWords = Policy.doorWords(door);
        if (!rules.enabled()) {
            return b.notEligible("This site does not take " + doorWords + " referrals", rules.path() + ".enabled");
        }

        // Who may refer through this door. A dispatcher relaying a call type the policy routes with
        // another referrer role (LEAD: an officer's request) is not the referrer: the routed role is.
        String role = role(referral, routed);
        String relayedFor = relayedFor(role, routed);
        if (relayedFor != null) {
            role = relayedFor;
            b.relayedFor = relayedFor;
            b.reason(
                    (routed.route().codes().isEmpty()
                                    ? "The policy routes this referral"
                                    : "The policy routes call type "
                                            + Policy.Routing.normalise(
                                                    referral.callType().code()))
                            + " with the referrer role \"" + relayedFor
                            + "\": the dispatcher who sent it relayed it on "
                            + "the " + relayedFor + "'s behalf, so it is decided as the " + relayedFor
                            + "'s referral, and dispatch is asked to pass the answer on",
                    routed.rule() + ".referrer-role");
        }
        if (role != null) {
            if (!rules.referrers().roles().contains(role)) {
                return b.notEligible(
                        "A referrer in the role \"" + role + "\" may not refer through the " + doorWords + " door",
                        rules.path() + ".referrers.roles");
            }
            b.reason(
                    "A referrer in the role \"" + role + "\" may refer through the " + doorWords + " door",
                    rules.path() + ".referrers.roles");
        } else {
            String rule = rules.path() + ".referrers.when-unknown";
            switch (rules.referrers().whenUnknown()) {
                case PROCEED ->
                    b.reason("The source does not say who referred; the policy lets the referral proceed", rule);
                case OWG_REVIEW ->
                    b.review(
                            "The source does not say who referred; the policy sends such referrals to "
                                    + "the Operations Work Group",
                            rule);
                case NOT_ELIGIBLE -> {
                    return b.notEligible(
                            "The source does not say who referred, and the policy takes " + doorWords
                                    + " referrals only from the roles it names",
                            rule);
                }
            }
        }

        // The enrolled participant the referral matches, if the policy's golden thread takes them.
        Policy.GoldenThread thread = policy.goldenThread();
        TriageFacts.Participant participant = thread.match() == Policy.MatchRule.OFF ? null : facts.participant();
        if (participant != null && !participant.active() && !thread.includeInactive()) {
            b.reason(
                    "The person matches an inactive participant; the policy matches active participants only",
                    "golden-thread.include-inactive");
            participant = null;
        }

        // The door's own rules.
        if (door == Door.ARREST_DIVERSION) {
            Decision refused = arrestRules(b, referral, rules);
            if (refused != null) {
                return refused;
            }
        } else {
            noCriminalHistoryExclusion(b, screening, doorWords);
            Policy.Eligibility eligibility = rules.eligibility();
            Decision refused = criterion(
                    b,
                    rules,
                    participant,
                    "chronic-law-violations",
                    eligibility.chronicLawViolations(),
                    screening.chronicLawViolations(),
                    "there is reason to believe the person chronically commits law violations tied to behavioural "
                            + "health needs or poverty");
            if (refused == null) {
                refused = criterion(
                        b,
                        rules,
                        participant,
                        "expects-criminal-legal-response",
                        eligibility.expectsCriminalLegalResponse(),
                        screening.expectsCriminalLegalResponse(),
                        "the public would otherwise expect a criminal-legal response");
            }
            if (refused != null) {
                return refused;
            }
        }

        // Capacity: a community referral waits for a place when the team is full.
        if (door == Door.COMMUNITY) {
            capacity(b, referral, routed, role, participant);
        }

        // The golden thread.
        if (facts.ambiguousMatch() && participant == null) {
            b.reason(
                    "The person matches more than one enrolled participant, so none is assumed; the on-call case "
                            + "manager is contacted",
                    "golden-thread.match");
        }
        if (participant != null) {
            b.ownCaseManager =
                    new Decision.OwnCaseManager(participant.id(), participant.caseManagerId(), participant.active());
            b.reason(
                    "The person is an enrolled " + (participant.active() ? "" : "(inactive) ")
                            + "participant: their own case manager is contacted first, with the on-call case manager as "
                            + "backup (the golden thread)",
                    "golden-thread.match");
        }

        if (rules.reviewFirst() == Policy.ReviewFirst.ALWAYS) {
            b.review(
                    "Every " + doorWords + " referral goes to the Operations Work Group first",
                    rules.path() + ".owg-review");
        }
        if (b.review) {
            return b.owgReview();
        }

        // A warm handoff now, or field follow-up.
        if (!rules.warmHandoff()) {
            return b.followUp(
                    "The site offers no warm handoff for " + doorWords + " referrals; the contact details go "
                            + "to active field outreach",
                    rules.path() + ".warm-handoff");
        }
        List<String[]> against = new ArrayList<>();
        Duration age = referral.occurredAt() == null ? null : Duration.between(referral.occurredAt(), facts.now());
        if (age != null && age.compareTo(policy.recordAge().warmHandoffWithin()) > 0) {
            against.add(new String[] {
                "The event happened " + words(age) + " ago, longer than the "
                        + words(policy.recordAge().warmHandoffWithin()) + " within which the policy asks for a warm "
                        + "handoff now",
                "record-age.warm-handoff-within"
            });
        }
        if (!policy.hours().open(facts.now(), policy.timeZone())) {
            ZonedDateTime local = facts.now().atZone(policy.timeZone());
            String when = local.getDayOfWeek().getDisplayName(TextStyle.FULL, Locale.ENGLISH) + " "
                    + String.format(Locale.ROOT, "%02d:%02d", local.getHour(), local.getMinute()) + " site time";
            Optional<Policy.Holiday> holiday = policy.hours().holiday(facts.now(), policy.timeZone());
            against.add(
                    holiday.isPresent()
                            ? new String[] {
                                "It is " + holiday.get().name() + " (" + when + "), a holiday without a warm handoff "
                                        + "at this hour",
                                holiday.get().path()
                            }
                            : new String[] {
                                "It is outside the operating hours for a warm handoff (" + when + ")", "operating-hours"
                            });
        }
        Boolean inside = policy.pilotZone().contains(referral.location());
        if (inside == null) {
            if (!policy.pilotZone().whenUnknown()) {
                against.add(new String[] {
                    "The referral gives neither zone nor coordinates, and the policy counts that "
                            + "as outside the pilot zone",
                    "pilot-zone.when-unknown"
                });
            } else {
                b.reason(
                        "The referral gives neither zone nor coordinates; the policy counts that as inside the pilot "
                                + "zone",
                        "pilot-zone.when-unknown");
            }
        } else if (!inside) {
            against.add(new String[] {"The place is outside the pilot zone", "pilot-zone"});
        }
        if (!against.isEmpty()) {
            for (int i = 0; i < against.size() - 1; i++) {
                b.reason(against.get(i)[0], against.get(i)[1]);
            }
            String[] last = against.get(against.size() - 1);
            return b.followUp(
                    last[0] + ": no warm handoff now; the contact details go to active field outreach and "
                            + "the referrer is told at once",
                    last[1]);
        }
        return b.warmHandoff(
                "A warm handoff is available now: the " + doorWords + " door offers one, it is within "
                        + "operating hours and the place is inside the pilot zone",
                "operating-hours, pilot-zone");
    }

    /** A duration in words a sergeant reads: "3 days", "5 hours", "40 minutes". */
    static String words(Duration duration) {
        long minutes = duration.toMinutes();
        if (minutes >= 2 * 24 * 60) {
            return minutes / (24 * 60) + " days";
        }
        if (minutes >= 2 * 60) {
            return minutes / 60 + " hours";
        }
        return minutes + (minutes == 1 ? " minute" : " minutes");
    }

    // ---------------------------------------------------------------- routing

    /** How a referral is routed: the entry that takes it, in words, and whether it is a redirect call type. */
    private record Routed(Policy.Route route, String words, String rule, boolean redirect) {}

    private static Routed route(Referral referral, Policy policy) {
        String code = referral.callType() == null ? null : referral.callType().code();
        boolean hasCode = code != null && !code.isBlank();
        Optional<Policy.Route> listed = policy.routing().forCallType(code);
        if (hasCode && policy.redirect().callTypes().contains(Policy.Routing.normalise(code))) {
            return new Routed(listed.orElse(null), "", "redirect.call-types", true);
        }
        if (listed.isPresent()) {
            Policy.Route route = listed.get();
            return new Routed(
                    route,
                    "Call type " + Policy.Routing.normalise(code) + " is taken by the site"
                            + (route.meaning() == null ? "" : " (" + route.meaning() + ")") + " as "
                            + aDoor(route.door())
                            + " referral",
                    route.path(),
                    false);
        }
        List<Referral.Charge> charges = charges(referral);
        Policy.Route arrests = policy.routing().arrests();
        if (!charges.isEmpty()
                && arrests != null
                && charges.stream().anyMatch(policy.door(Door.ARREST_DIVERSION).offences()::divertible)) {
            return new Routed(
                    arrests,
                    "An arrest with a divertible charge is taken by the site as an arrest diversion " + "referral",
                    arrests.path(),
                    false);
        }
        Policy.Route without = policy.routing().withoutCallType();
        if (!hasCode && charges.isEmpty() && without != null) {
            return new Routed(
                    without,
                    "A referral without a call type"
                            + (without.meaning() == null ? "" : " (" + without.meaning() + ")")
                            + " is taken by the site as "
                            + aDoor(without.door()) + " referral",
                    without.path(),
                    false);
        }
        return null;
    }

    private static String aDoor(Door door) {
        return (door == Door.ARREST_DIVERSION ? "an " : "a ") + Policy.doorWords(door);
    }

    private static String notRoutedWords(Referral referral, Policy policy) {
        String code = referral.callType() == null ? null : referral.callType().code();
        String of = "policy " + policy.version() + " of site " + policy.site();
        if (code != null && !code.isBlank()) {
            return "call type " + Policy.Routing.normalise(code) + " is not routed by " + of + " (routing.call-types)";
        }
        if (!charges(referral).isEmpty()) {
            return policy.routing().arrests() == null
                    ? "arrest records are not routed by " + of + " (routing.arrests-with-divertible-charge)"
                    : "an arrest without a divertible charge is not routed by " + of
                            + " (doors.arrest-diversion.divertible-offences)";
        }
        return "a referral without a call type is not routed by " + of + " (routing.without-call-type)";
    }

    private static List<Referral.Charge> charges(Referral referral) {
        return referral.charges().stream().filter(Objects::nonNull).toList();
    }

    /**
     * The role a dispatcher relays a referral for: the routed entry's referrer role when the source
     * says the referrer is a {@code dispatcher} and the entry names another role; otherwise null (a
     * dispatcher sending a call type routed with no role, or with {@code dispatcher}, is a dispatcher
     * referral, and the door's {@code referrers.roles} decide whether it may come through).
     */
    private static String relayedFor(String role, Routed routed) {
        String routedRole = routed.route() == null ? null : routed.route().referrerRole();
        if (!DISPATCHER.equals(role) || routedRole == null || routedRole.isBlank()) {
            return null;
        }
        String wanted = routedRole.trim().toLowerCase(Locale.ROOT);
        return wanted.equals(DISPATCHER) ? null : wanted;
    }

    private static String role(Referral referral, Routed routed) {
        String role = referral.referrer() == null ? null : referral.referrer().role();
        if (role != null && !role.isBlank()) {
            return role.trim().toLowerCase(Locale.ROOT);
        }
        return routed.route() == null ? null : routed.route().referrerRole();
    }

    // ---------------------------------------------------------------- arrest diversion

    private static Decision arrestRules(Builder b, Referral referral, Policy.DoorRules rules) {
        Policy.Offences offences = rules.offences();
        String offenceRule = rules.path() + ".divertible-offences";
        List<Referral.Charge> charges = charges(referral);
        if (charges.isEmpty()) {
            String rule = offenceRule + ".when-no-charge-given";
            switch (offences.whenNoCharge()) {
                case PROCEED ->
                    b.reason(
                            "The referral names no charge; the policy takes the officer's referral as "
                                    + "being for a divertible offence",
                            rule);
                case OWG_REVIEW ->
                    b.review(
                            "The referral names no charge; the policy sends such arrest diversions to "
                                    + "the Operations Work Group",
                            rule);
                case NOT_ELIGIBLE -> {
                    return b.notEligible(
                            "The referral names no charge, and arrest diversion needs a divertible one", rule);
                }
            }
        } else {
            long divertible = charges.stream().filter(offences::divertible).count();
            if (divertible == 0) {
                return b.notEligible("No charge is one of the site's divertible offences", offenceRule);
            }
            if (offences.allMustBeDivertible() && divertible < charges.size()) {
                return b.notEligible(
                        "Not every charge is one of the site's divertible offences, and the policy "
                                + "requires all of them to be",
                        offenceRule + ".all-charges-must-be-divertible");
            }
            b.reason(
                    divertible == charges.size()
                            ? "Every charge is one of the site's divertible offences"
                            : "At least one charge is one of the site's divertible offences",
                    offenceRule);
        }

        Referral.Screening s = referral.screening();
        List<Policy.Exclusion> hits = new ArrayList<>();
        List<String> unknown = new ArrayList<>();
        for (Policy.Exclusion exclusion : Policy.Exclusion.values()) {
            Policy.ExclusionRule rule = rules.exclusions().get(exclusion);
            if (rule == null || !rule.applies()) {
                continue;
            }
            Boolean fact = fact(exclusion, s, rule);
            if (Boolean.TRUE.equals(fact)) {
                hits.add(exclusion);
                b.reason("Exclusion: " + words(exclusion, rule), exclusion.path());
            } else if (fact == null && rule.whenUnknown() == Policy.Unknown.EXCLUDED) {
                hits.add(exclusion);
                b.reason(
                        "Exclusion: the referral does not say whether " + words(exclusion, rule)
                                + ", and the policy counts that as excluding",
                        exclusion.path() + ".when-unknown");
            } else if (fact == null) {
                unknown.add(exclusion.key);
            }
        }
        if (!unknown.isEmpty()) {
            b.reason(
                    "Not stated by the source, and counted as not excluding by the policy's rule for unknown facts: "
                            + String.join(", ", unknown),
                    rules.path() + ".exclusions.*.when-unknown");
        }
        if (hits.isEmpty()) {
            b.reason("No exclusion applies", rules.path() + ".exclusions");
            return null;
        }
        b.exclusions = hits.stream().map(e -> e.key).toList();
        Referral.Override override = s.override();
        String ranksRule = rules.path() + ".override.ranks";
        List<Policy.Exclusion> fixed = hits.stream()
                .filter(e -> !rules.exclusions().get(e).overridable())
                .toList();
        if (override == null) {
            String may = fixed.isEmpty() && !rules.override().ranks().isEmpty()
                    ? "; a " + String.join(" or ", rules.override().ranks()) + " may override this case by case"
                    : "";
            return b.notEligible("Not diverted: an exclusion applies" + may, rules.path() + ".exclusions");
        }
        boolean rankAllowed = override.rank() != null
                && rules.override().ranks().contains(override.rank().trim().toLowerCase(Locale.ROOT));
        boolean whoAndWhy = override.by() != null
                && !override.by().isBlank()
                && override.reason() != null
                && !override.reason().isBlank();
        boolean accepted = fixed.isEmpty() && rankAllowed && whoAndWhy;
        b.override = new Decision.Override(
                override.by(),
                override.rank(),
                override.at() == null ? b.facts.now() : override.at(),
                override.reason(),
                b.exclusions,
                accepted);
        if (!accepted) {
            for (Policy.Exclusion e : fixed) {
                b.reason(
                        "The exclusion " + e.key + " cannot be overridden under this policy",
                        e.path() + ".overridable");
            }
            if (!rankAllowed) {
                b.reason(
                        "The override was not made by a rank the policy allows ("
                                + String.join(", ", rules.override().ranks()) + ")",
                        ranksRule);
            }
            if (!whoAndWhy) {
                b.reason("An override must say who made it and why", rules.path() + ".override");
            }
            return b.notEligible(
                    "Not diverted: the override could not be accepted, so the exclusion stands",
                    rules.path() + ".override");
        }
        b.reason(
                "The exclusion" + (hits.size() > 1 ? "s were" : " was") + " overridden case by case by a "
                        + override.rank().trim().toLowerCase(Locale.ROOT) + "; who, when and why are recorded",
                ranksRule);
        return null;
    }

    private static Boolean fact(Policy.Exclusion exclusion, Referral.Screening s, Policy.ExclusionRule rule) {
        return switch (exclusion) {
            case UNABLE_TO_CONSENT -> s.unableToConsent();
            case DRUG_QUANTITY -> s.drugQuantityGrams() == null ? null : s.drugQuantityGrams() > rule.thresholdGrams();
            case SALE_ABOVE_SUBSISTENCE -> s.saleAboveSubsistence();
            case EXPLOITS_MINORS -> s.exploitsMinors();
            case VIOLENT_OFFENCE -> s.violentOffence();
            case PROTECTION_ORDER_VIOLATION -> s.protectionOrderViolation();
            case VICTIM_WANTS_PROSECUTION ->
                s.victim() == null ? null : s.victim() == Referral.VictimWish.WANTS_PROSECUTION;
        };
    }

    private static String words(Policy.Exclusion exclusion, Policy.ExclusionRule rule) {
        if (exclusion == Policy.Exclusion.DRUG_QUANTITY) {
            double grams = rule.thresholdGrams();
            return "the quantity of drugs is over the site's threshold of "
                    + (grams == Math.rint(grams) ? String.valueOf((long) grams) : String.valueOf(grams)) + " g";
        }
        return exclusion.words;
    }

    // ---------------------------------------------------------------- social contact and community

    private static void noCriminalHistoryExclusion(Builder b, Referral.Screening s, String doorWords) {
        boolean present = s.violentOffence() != null
                || s.protectionOrderViolation() != null
                || s.exploitsMinors() != null
                || s.saleAboveSubsistence() != null
                || s.drugQuantityGrams() != null
                || s.unableToConsent() != null
                || (s.victim() != null && s.victim() != Referral.VictimWish.NO_VICTIM)
                || s.override() != null;
        if (present) {
            b.reason(
                    "The referral carries facts that matter only for arrest diversion; " + doorWords
                            + " referrals have "
                            + "no automatic criminal-history exclusion, so they were not used to decide (staff may still "
                            + "review history for staff safety)",
                    NO_HISTORY_EXCLUSION);
        }
    }

    private static Decision criterion(
            Builder b,
            Policy.DoorRules rules,
            TriageFacts.Participant participant,
            String key,
            Policy.Criterion criterion,
            Boolean fact,
            String words) {
        String rule = rules.path() + ".eligibility." + key;
        if (Boolean.TRUE.equals(fact)) {
            b.reason("Eligibility: " + words, rule);
            return null;
        }
        if (Boolean.FALSE.equals(fact)) {
            String not = "The referral says it is not the case that " + words;
            return switch (criterion.whenNotMet()) {
                case OWG_REVIEW -> {
                    b.review(not + "; the policy sends this to the Operations Work Group", rule + ".when-not-met");
                    yield null;
                }
                default ->
                    b.notEligible(
                            not + ": LEAD's core eligibility criteria are not met (referring anyway "
                                    + "would widen the net)",
                            rule + ".when-not-met");
            };
        }
        if (participant != null && b.policy.goldenThread().enrolledMeetsEligibility()) {
            b.reason(
                    "Eligibility: not stated, but the person is an enrolled participant, so it was established at "
                            + "enrolment that " + words,
                    "golden-thread.enrolled-meets-eligibility");
            return null;
        }
        String unknown = "The referral does not say whether " + words;
        return switch (criterion.whenUnknown()) {
            case PROCEED -> {
                b.reason(unknown + "; the policy takes the referrer's judgement", rule + ".when-unknown");
                yield null;
            }
            case OWG_REVIEW -> {
                b.review(unknown + "; the policy sends this to the Operations Work Group", rule + ".when-unknown");
                yield null;
            }
            case NOT_ELIGIBLE -> b.notEligible(unknown + ", and the policy needs it stated", rule + ".when-unknown");
        };
    }

    private static void capacity(
            Builder b, Referral referral, Routed routed, String role, TriageFacts.Participant participant) {
        Policy.Capacity capacity = b.policy.capacity();
        if (participant != null) {
            b.reason(
                    "The person is already on a caseload, so the referral does not add to the team's load", "capacity");
            return;
        }
        TriageFacts.Capacity load = b.facts.capacity();
        if (load == null) {
            b.reason("The team's load was not considered (not known for this decision)", "capacity");
            return;
        }
        int caseManagers = capacity.caseManagers() != null ? capacity.caseManagers() : load.caseManagers();
        int places = caseManagers * capacity.fullAt();
        String counts = load.activeParticipants() + " active participants for " + places + " places (" + caseManagers
                + " case managers x " + capacity.fullAt() + ")";
        if (load.activeParticipants() < places) {
            b.reason("The team has room: " + counts, capacity.fullPath());
            return;
        }
        String code = referral.callType() == null || referral.callType().code() == null
                ? null
                : Policy.Routing.normalise(referral.callType().code());
        int priority = capacity.priorities().size() + 1;
        String label = "not covered by the prioritisation rule";
        String rule = "capacity.queue.priority";
        for (int i = 0; i < capacity.priorities().size(); i++) {
            Policy.Priority line = capacity.priorities().get(i);
            boolean roleOk = line.referrerRoles().isEmpty()
                    || (role != null && line.referrerRoles().contains(role));
            boolean codeOk = line.callTypes().isEmpty()
                    || (code != null && line.callTypes().contains(code));
            if (roleOk && codeOk) {
                priority = i + 1;
                label = line.label();
                rule = line.path();
                break;
            }
        }
        int ahead = 0;
        for (Map.Entry<Integer, Integer> queued : load.queuedByPriority().entrySet()) {
            if (queued.getKey() <= priority) {
                ahead += queued.getValue();
            }
        }
        b.queue = new Decision.Queue(priority, label, ahead + 1);
        b.reason("The team is full: " + counts, capacity.fullPath());
        b.review(
                "The referral is queued for a place with priority " + priority + " (" + label + "), position "
                        + (ahead + 1) + "; the Operations Work Group takes referrals off the queue as places open",
                rule);
    }

    // ---------------------------------------------------------------- the referred person

    /**
     * The person a referral is about: the one with a subject or arrestee role (also suspect,
     * offender, referred), else the only person; {@code null} when that cannot be told.
     */
    public static Referral.Person referredPerson(Referral referral) {
        for (Referral.Person person : referral.persons()) {
            if (person != null
                    && person.roles().stream()
                            .filter(Objects::nonNull)
                            .map(r -> r.toLowerCase(Locale.ROOT))
                            .anyMatch(r -> SUBJECT_ROLES.stream().anyMatch(r::contains))) {
                return person;
            }
        }
        List<Referral.Person> persons =
                referral.persons().stream().filter(Objects::nonNull).toList();
        return persons.size() == 1 ? persons.get(0) : null;
    }

    /** Race, ethnicity and gender of the referred person, "not recorded" where not given. */
    public static Decision.Equity equity(Referral referral) {
        Referral.Person person = referredPerson(referral);
        return person == null
                ? Decision.Equity.NOT_RECORDED
                : new Decision.Equity(person.race(), person.ethnicity(), person.gender());
    }

    // ---------------------------------------------------------------- building the decision

    private static final class Builder {

        final Referral referral;
        final Policy policy;
        final TriageFacts facts;
        final List<String> reasons = new ArrayList<>();
        final List<String> rules = new ArrayList<>();
        Door door;
        boolean review;
        Decision.OwnCaseManager ownCaseManager;
        Decision.Override override;
        List<String> exclusions = List.of();
        Decision.Queue queue;
        /** The role a dispatcher relayed the referral for, or null when no one relayed it. */
        String relayedFor;

        Builder(Referral referral, Policy policy, TriageFacts facts) {
            this.referral = referral;
            this.policy = policy;
            this.facts = facts;
        }

        void reason(String words, String rule) {
            reasons.add(words + ". [" + rule + ", policy " + policy.version() + "]");
            rules.add(rule);
        }

        void review(String words, String rule) {
            reason(words, rule);
            review = true;
        }

        private Decision decision(
                Outcome outcome,
                String tell,
                Decision.Redirect redirect,
                Decision.FollowUp followUp,
                List<Alternative> alternatives,
                Decision.Review review) {
            return new Decision(
                    outcome,
                    reasons,
                    policy.version(),
                    door,
                    rules,
                    tell,
                    redirect,
                    relayedFor == null || redirect != null
                            ? null
                            : "Relayed for the " + relayedFor + ", who the referral does not identify: "
                                    + "please pass this on to them. " + tell,
                    followUp,
                    alternatives,
                    ownCaseManager,
                    override,
                    exclusions,
                    queue,
                    review,
                    equity(referral));
        }

        Decision notEligible(String words, String rule) {
            reason(words, rule);
            List<Alternative> alternatives = policy.alternatives().stream()
                    .filter(a ->
                            a.doors().isEmpty() || (door != null && a.doors().contains(door)))
                    .toList();
            String offered = alternatives.isEmpty()
                    ? ""
                    : " Other resources: "
                            + alternatives.stream()
                                    .map(a -> a.name() + (a.contact() == null ? "" : " (" + a.contact() + ")"))
                                    .collect(Collectors.joining("; "))
                            + ".";
            // a refused referral goes to no one's caseload
            ownCaseManager = null;
            queue = null;
            return decision(
                    Outcome.NOT_ELIGIBLE, policy.messages().notEligible() + offered, null, null, alternatives, null);
        }

        /** A referral whose person declined to be contacted: back to the referrer, or to the OWG. */
        Decision declined(Policy.Consent consent, String role) {
            String words = "The person declined to be contacted, as the source says: nobody is paged and nobody is "
                    + "sent to look for them";
            ownCaseManager = null;
            queue = null;
            if (consent.whenDeclined() == Policy.Declined.OWG_REVIEW) {
                reason(words + "; the policy sends the referral to the Operations Work Group", "consent.when-declined");
                return decision(
                        Outcome.OWG_REVIEW, consent.tellReferrer(), null, null, List.of(), Decision.Review.PENDING);
            }
            String to = "crisis-line".equals(role) ? "the crisis line" : "whoever referred it";
            reason(
                    words + "; the policy sends the referral back to " + to + ", with this reason",
                    "consent.when-declined");
            return decision(Outcome.NOT_ELIGIBLE, consent.tellReferrer(), null, null, List.of(), null);
        }

        Decision redirect(String words, String rule) {
            reason(words, rule);
            String tell = policy.messages().redirect();
            return decision(Outcome.REDIRECT, tell, new Decision.Redirect(tell), null, List.of(), null);
        }

        Decision owgReview() {
            String tell = queue == null
                    ? policy.messages().owgReview()
                    : policy.messages().queued() + " Position in the queue: " + queue.position() + ".";
            return decision(Outcome.OWG_REVIEW, tell, null, null, List.of(), Decision.Review.PENDING);
        }

        Decision followUp(String words, String rule) {
            reason(words, rule);
            Instant deadline = facts.now().plus(policy.followUp().within());
            String tell = policy.messages().fieldFollowUp() + " Outreach will begin by "
                    + DEADLINE.format(deadline.atZone(policy.timeZone())) + ".";
            return decision(
                    Outcome.FIELD_FOLLOW_UP, tell, null, new Decision.FollowUp(deadline, rule), List.of(), null);
        }

        Decision warmHandoff(String words, String rule) {
            reason(words, rule);
            return decision(Outcome.WARM_HANDOFF_NOW, policy.messages().warmHandoffNow(), null, null, List.of(), null);
        }
    }
}
