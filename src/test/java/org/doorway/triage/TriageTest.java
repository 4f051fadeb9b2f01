package org.doorway.triage;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.doorway.referral.Door;
import org.doorway.referral.Referral;
import org.doorway.triage.internal.PolicyEngine;
import org.doorway.triage.internal.PolicyFiles;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The triage rules, table by table, on the test policy in {@code src/test/resources/policies/table}:
 * Monday to Friday 08:00-18:00 and Saturday 10:00-14:00 (America/Los_Angeles), Christmas closed,
 * Thanksgiving until noon; pilot zone = beats C3 and E1 plus a square polygon; every exclusion on
 * (3 g drug threshold, victim not overridable), overrides by sergeants and commanders; community
 * referrals without a warm handoff and to the OWG when eligibility is not stated; follow-up within
 * 12 hours. A case that needs another rule changes one line of that file.
 */
class TriageTest {

    static final Path DIR = Path.of("src/test/resources/policies/table");
    static final String TEXT = read(DIR.resolve("policy.yaml"));
    static final Policy POLICY = policy(TEXT);
    static final ZoneId ZONE = ZoneId.of("America/Los_Angeles");
    static final String VERSION = "test-1";

    /** Monday 9 March 2026, 10:00 in Los Angeles (daylight time began the day before). */
    static final Instant MONDAY_10 = local("2026-03-09T10:00");

    static Instant local(String dateTime) {
        return java.time.LocalDateTime.parse(dateTime).atZone(ZONE).toInstant();
    }

    static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static Policy policy(String text) {
        return PolicyFiles.parse(
                "policies/table/policy.yaml",
                text.getBytes(StandardCharsets.UTF_8),
                null,
                relative -> Files.readAllBytes(DIR.resolve(relative)));
    }

    /** The test policy with {@code from} replaced by {@code to} (failing if {@code from} is absent). */
    static Policy edited(String from, String to) {
        assertThat(TEXT).contains(from);
        return policy(TEXT.replace(from, to));
    }

    static TriageFacts.Capacity room() {
        return new TriageFacts.Capacity(2, 10, Map.of());
    }

    static TriageFacts facts(Instant now) {
        return new TriageFacts(now, room(), null, false);
    }

    static final TriageFacts.Participant ANA_PARTICIPANT =
            new TriageFacts.Participant(UUID.fromString("00000000-0000-0000-0000-00000000000a"), "ana", true);

    /** A referral under construction; each test case changes what it is about. */
    static final class R {
        Door door = Door.SOCIAL_CONTACT;
        String callType = "LEAD";
        String role;
        List<Referral.Charge> charges = new ArrayList<>();
        Referral.Location location = new Referral.Location("1 Main St", null, null, null, "C3");
        List<Referral.Person> persons = new ArrayList<>();
        Boolean imminentDanger, consent, unableToConsent, sale, minors, violent, protectionOrder, chronic, expects;
        Double grams;
        Referral.VictimWish victim;
        Referral.Override override;
        Instant occurredAt;

        static R of(Door door, String callType) {
            R r = new R();
            r.door = door;
            r.callType = callType;
            return r;
        }

        static R socialContact() {
            return of(Door.SOCIAL_CONTACT, "LEAD");
        }

        static R arrest() {
            return of(Door.ARREST_DIVERSION, "LEADARR").charge("35A", "UCR");
        }

        static R community() {
            return of(Door.COMMUNITY, "WELFARE");
        }

        R role(String role) {
            this.role = role;
            return this;
        }

        R charge(String code, String system) {
            charges.add(new Referral.Charge(code, system, "a charge"));
            return this;
        }

        R noCharges() {
            charges.clear();
            return this;
        }

        R zone(String zone) {
            location = new Referral.Location("1 Main St", null, null, null, zone);
            return this;
        }

        R point(double lat, double lon, String zone) {
            location = new Referral.Location("1 Main St", null, lat, lon, zone);
            return this;
        }

        R nowhere() {
            location = null;
            return this;
        }

        /** The event happened this long before {@link #MONDAY_10}. */
        R ago(java.time.Duration age) {
            occurredAt = MONDAY_10.minus(age);
            return this;
        }

        R with(Consumer<R> change) {
            change.accept(this);
            return this;
        }

        Referral build() {
            return new Referral(
                    "test",
                    door,
                    "test",
                    "INC-1",
                    occurredAt,
                    MONDAY_10,
                    location,
                    callType == null ? null : new Referral.CallType(callType, "text", null, null),
                    charges,
                    new Referral.Referrer("agency", "agent", "tel:+12065550100", role, null),
                    persons,
                    List.of(),
                    List.of(),
                    new Referral.Screening(
                            imminentDanger,
                            consent,
                            unableToConsent,
                            grams,
                            sale,
                            minors,
                            violent,
                            protectionOrder,
                            victim,
                            chronic,
                            expects,
                            override));
        }
    }

    static Referral.Override override(String rank, String reason) {
        return new Referral.Override("Sgt. Example 4471", rank, local("2026-03-09T09:55"), reason);
    }

    /**
     * One row of a table.
     *
     * @param referral the referral
     * @param policy   the policy (the test policy, or an edit of it)
     * @param facts    the facts
     * @param outcome  the expected outcome
     * @param rule     a rule the decision must name
     */
    record Row(Referral referral, Policy policy, TriageFacts facts, Outcome outcome, String rule) {}

    static Arguments row(String name, R referral, Outcome outcome, String rule) {
        return Arguments.of(name, new Row(referral.build(), POLICY, facts(MONDAY_10), outcome, rule));
    }

    static Arguments row(String name, R referral, Policy policy, TriageFacts facts, Outcome outcome, String rule) {
        return Arguments.of(name, new Row(referral.build(), policy, facts, outcome, rule));
    }

    static Decision decide(Row row) {
        assertThat(PolicyEngine.notRouted(row.referral(), row.policy())).isEmpty();
        return PolicyEngine.decide(row.referral(), row.policy(), row.facts());
    }

    static void assertRow(Row row, Decision decision) {
        assertThat(decision.outcome())
                .as("outcome; reasons:%n%s", String.join("\n", decision.reasons()))
                .isEqualTo(row.outcome());
        assertThat(decision.rules())
                .as("rules; reasons:%n%s", String.join("\n", decision.reasons()))
                .contains(row.rule());
        assertThat(decision.policyVersion()).isEqualTo(row.policy().version());
        assertThat(decision.reasons())
                .allSatisfy(reason ->
                        assertThat(reason).endsWith(", policy " + row.policy().version() + "]"));
        assertThat(decision.tellReferrer()).isNotBlank();
    }

    // ------------------------------------------------------------------ the age of a record

    @Test
    void anArrestDaysOldGoesToFieldFollowUpSayingHowOldNotAWarmHandoffNow() {
        Decision decision =
                PolicyEngine.decide(R.arrest().ago(java.time.Duration.ofDays(3)).build(), POLICY, facts(MONDAY_10));

        assertThat(decision.outcome()).isEqualTo(Outcome.FIELD_FOLLOW_UP);
        assertThat(decision.rules()).contains("record-age.warm-handoff-within");
        assertThat(decision.reasons())
                .anySatisfy(reason ->
                        assertThat(reason).startsWith("The event happened 3 days ago, longer than the 6 hours"));
    }

    @Test
    void aRecordWithinThePolicysAgeOrWithoutAnEventTimeStillAsksForAWarmHandoffNow() {
        assertThat(PolicyEngine.decide(
                                R.arrest().ago(java.time.Duration.ofHours(5)).build(), POLICY, facts(MONDAY_10))
                        .outcome())
                .isEqualTo(Outcome.WARM_HANDOFF_NOW);
        assertThat(PolicyEngine.decide(R.arrest().build(), POLICY, facts(MONDAY_10))
                        .outcome())
                .isEqualTo(Outcome.WARM_HANDOFF_NOW);
    }

    @Test
    void aSiteSetsHowOldARecordMayBeForAWarmHandoffNow() {
        Policy twoDays = policy(TEXT + "\nrecord-age:\n  warm-handoff-within: P2D\n");

        assertThat(PolicyEngine.decide(
                                R.arrest().ago(java.time.Duration.ofDays(1)).build(), twoDays, facts(MONDAY_10))
                        .outcome())
                .isEqualTo(Outcome.WARM_HANDOFF_NOW);
        assertThat(PolicyEngine.decide(
                                R.arrest().ago(java.time.Duration.ofDays(3)).build(), twoDays, facts(MONDAY_10))
                        .outcome())
                .isEqualTo(Outcome.FIELD_FOLLOW_UP);
    }

    // ------------------------------------------------------------------ redirect comes first

    static Stream<Arguments> redirects() {
        return Stream.of(
                row(
                        "imminent danger on an arrest with exclusions and a disallowed referrer",
                        R.arrest().role("resident").with(r -> {
                            r.imminentDanger = true;
                            r.violent = true;
                        }),
                        Outcome.REDIRECT,
                        "redirect.imminent-danger"),
                row(
                        "imminent danger on a community referral with unknown eligibility",
                        R.community().with(r -> r.imminentDanger = true),
                        Outcome.REDIRECT,
                        "redirect.imminent-danger"),
                row(
                        "imminent danger outside hours and zone",
                        R.socialContact().zone("B2").with(r -> r.imminentDanger = true),
                        Outcome.REDIRECT,
                        "redirect.imminent-danger"),
                row(
                        "a call type the policy always redirects",
                        R.of(Door.SOCIAL_CONTACT, "LEADCRISIS"),
                        Outcome.REDIRECT,
                        "redirect.call-types"),
                row(
                        "a redirect call type in lower case",
                        R.of(Door.SOCIAL_CONTACT, " leadcrisis "),
                        Outcome.REDIRECT,
                        "redirect.call-types"),
                row(
                        "no imminent danger stated: not redirected",
                        R.socialContact().with(r -> r.imminentDanger = false),
                        Outcome.WARM_HANDOFF_NOW,
                        "doors.social-contact.referrers.roles"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("redirects")
    void imminentDangerIsRedirectedBeforeAnyOtherRuleAndNeverSilentlyDeclined(String name, Row row) {
        Decision decision = decide(row);

        assertRow(row, decision);
        if (row.outcome() == Outcome.REDIRECT) {
            assertThat(decision.redirect().tellDispatch())
                    .isEqualTo("Imminent danger: send emergency or crisis response now.");
            assertThat(decision.tellReferrer()).isEqualTo(decision.redirect().tellDispatch());
            assertThat(decision.rules())
                    .doesNotContain("doors.arrest-diversion.exclusions", "doors.arrest-diversion.referrers.roles");
        }
    }

    // ------------------------------------------------------------------ who may refer

    static Stream<Arguments> referrers() {
        return Stream.of(
                row(
                        "a resident may not make an arrest diversion",
                        R.arrest().role("resident"),
                        Outcome.NOT_ELIGIBLE,
                        "doors.arrest-diversion.referrers.roles"),
                row(
                        "an officer may not make a community referral",
                        R.community().role("officer"),
                        Outcome.NOT_ELIGIBLE,
                        "doors.community.referrers.roles"),
                row(
                        "a business may not refer through the community door of this site",
                        R.community().role("business"),
                        Outcome.NOT_ELIGIBLE,
                        "doors.community.referrers.roles"),
                row(
                        "a partner may make a community referral",
                        R.community().role("partner").with(r -> {
                            r.chronic = true;
                            r.expects = true;
                        }),
                        Outcome.FIELD_FOLLOW_UP,
                        "doors.community.referrers.roles"),
                row(
                        "the role the source gives wins over the routing entry's",
                        R.socialContact().role("Partner"),
                        Outcome.NOT_ELIGIBLE,
                        "doors.social-contact.referrers.roles"),
                row(
                        "a dispatcher relaying a call type routed for an officer: the officer's referral",
                        R.socialContact().role("Dispatcher"),
                        Outcome.WARM_HANDOFF_NOW,
                        "routing.call-types[0].referrer-role"),
                row(
                        "a dispatcher's own referral at a door for officers only",
                        R.of(Door.ARREST_DIVERSION, "ARR-NOROLE")
                                .charge("35A", "UCR")
                                .role("dispatcher"),
                        Outcome.NOT_ELIGIBLE,
                        "doors.arrest-diversion.referrers.roles"),
                row(
                        "the routing entry's role when the source gives none",
                        R.socialContact(),
                        Outcome.WARM_HANDOFF_NOW,
                        "doors.social-contact.referrers.roles"),
                row(
                        "no role anywhere on an arrest diversion: not eligible by when-unknown",
                        R.of(Door.ARREST_DIVERSION, "ARR-NOROLE"),
                        Outcome.NOT_ELIGIBLE,
                        "doors.arrest-diversion.referrers.when-unknown"),
                row(
                        "no role anywhere on a community referral: OWG review by when-unknown",
                        R.of(Door.COMMUNITY, "CMTY-NOROLE").with(r -> {
                            r.chronic = true;
                            r.expects = true;
                        }),
                        Outcome.OWG_REVIEW,
                        "doors.community.referrers.when-unknown"),
                row(
                        "a disabled door refuses everyone",
                        R.socialContact(),
                        edited(
                                "  social-contact:\n    warm-handoff: true",
                                "  social-contact:\n    enabled: false\n    warm-handoff: true"),
                        facts(MONDAY_10),
                        Outcome.NOT_ELIGIBLE,
                        "doors.social-contact.enabled"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("referrers")
    void onlyTheRolesThePolicyNamesMayReferThroughEachDoor(String name, Row row) {
        assertRow(row, decide(row));
    }

    // ------------------------------------------------------------------ arrest diversion

    static Stream<Arguments> arrests() {
        return Stream.of(
                row(
                        "a divertible UCR charge and no exclusion",
                        R.arrest(),
                        Outcome.WARM_HANDOFF_NOW,
                        "doors.arrest-diversion.exclusions"),
                row(
                        "a divertible statute",
                        R.arrest().noCharges().charge("rcw 69.50.4013", "RCW"),
                        Outcome.WARM_HANDOFF_NOW,
                        "doors.arrest-diversion.divertible-offences"),
                row(
                        "a charge without a code system found in any list",
                        R.arrest().noCharges().charge("23C", null),
                        Outcome.WARM_HANDOFF_NOW,
                        "doors.arrest-diversion.divertible-offences"),
                row(
                        "a UCR code is not looked up among statutes",
                        R.arrest().noCharges().charge("RCW 69.50.4013", "UCR"),
                        Outcome.NOT_ELIGIBLE,
                        "doors.arrest-diversion.divertible-offences"),
                row(
                        "no charge named: the policy's when-no-charge-given",
                        R.arrest().noCharges(),
                        Outcome.WARM_HANDOFF_NOW,
                        "doors.arrest-diversion.divertible-offences.when-no-charge-given"),
                row(
                        "no charge named, policy says not eligible",
                        R.arrest().noCharges(),
                        edited("when-no-charge-given: proceed", "when-no-charge-given: not-eligible"),
                        facts(MONDAY_10),
                        Outcome.NOT_ELIGIBLE,
                        "doors.arrest-diversion.divertible-offences.when-no-charge-given"),
                row(
                        "a non-divertible charge beside a divertible one",
                        R.arrest().charge("13A", "UCR"),
                        Outcome.NOT_ELIGIBLE,
                        "doors.arrest-diversion.divertible-offences.all-charges-must-be-divertible"),
                row(
                        "one divertible charge is enough when the policy says so",
                        R.arrest().charge("13A", "UCR"),
                        edited(
                                "when-no-charge-given: proceed",
                                "when-no-charge-given: proceed\n      all-charges-must-be-divertible: false"),
                        facts(MONDAY_10),
                        Outcome.WARM_HANDOFF_NOW,
                        "doors.arrest-diversion.divertible-offences"),
                row(
                        "exclusion: unable to consent",
                        R.arrest().with(r -> r.unableToConsent = true),
                        Outcome.NOT_ELIGIBLE,
                        "doors.arrest-diversion.exclusions.unable-to-consent"),
                row(
                        "exclusion: sale above subsistence",
                        R.arrest().with(r -> r.sale = true),
                        Outcome.NOT_ELIGIBLE,
                        "doors.arrest-diversion.exclusions.sale-above-subsistence"),
                row(
                        "exclusion: exploits minors",
                        R.arrest().with(r -> r.minors = true),
                        Outcome.NOT_ELIGIBLE,
                        "doors.arrest-diversion.exclusions.exploits-minors"),
                row(
                        "exclusion: violent offence",
                        R.arrest().with(r -> r.violent = true),
                        Outcome.NOT_ELIGIBLE,
                        "doors.arrest-diversion.exclusions.violent-offence"),
                row(
                        "exclusion: violated an order of protection",
                        R.arrest().with(r -> r.protectionOrder = true),
                        Outcome.NOT_ELIGIBLE,
                        "doors.arrest-diversion.exclusions.protection-order-violation"),
                row(
                        "exclusion switched off by the policy",
                        R.arrest().with(r -> r.violent = true),
                        edited(
                                "violent-offence: {applies: true, when-unknown: not-excluded}",
                                "violent-offence: {applies: false}"),
                        facts(MONDAY_10),
                        Outcome.WARM_HANDOFF_NOW,
                        "doors.arrest-diversion.exclusions"),
                row(
                        "every exclusion fact stated false",
                        R.arrest().with(r -> {
                            r.unableToConsent = false;
                            r.sale = false;
                            r.minors = false;
                            r.violent = false;
                            r.protectionOrder = false;
                            r.grams = 0.5;
                            r.victim = Referral.VictimWish.NO_VICTIM;
                        }),
                        Outcome.WARM_HANDOFF_NOW,
                        "doors.arrest-diversion.exclusions"),
                row(
                        "drugs under the threshold",
                        R.arrest().with(r -> r.grams = 2.9),
                        Outcome.WARM_HANDOFF_NOW,
                        "doors.arrest-diversion.exclusions"),
                row(
                        "drugs exactly at the threshold",
                        R.arrest().with(r -> r.grams = 3.0),
                        Outcome.WARM_HANDOFF_NOW,
                        "doors.arrest-diversion.exclusions"),
                row(
                        "drugs just over the threshold",
                        R.arrest().with(r -> r.grams = 3.01),
                        Outcome.NOT_ELIGIBLE,
                        "doors.arrest-diversion.exclusions.drug-quantity"),
                row(
                        "no victim",
                        R.arrest().with(r -> r.victim = Referral.VictimWish.NO_VICTIM),
                        Outcome.WARM_HANDOFF_NOW,
                        "doors.arrest-diversion.exclusions"),
                row(
                        "the victim declines prosecution",
                        R.arrest().with(r -> r.victim = Referral.VictimWish.DECLINES_PROSECUTION),
                        Outcome.WARM_HANDOFF_NOW,
                        "doors.arrest-diversion.exclusions"),
                row(
                        "the victim wants prosecution",
                        R.arrest().with(r -> r.victim = Referral.VictimWish.WANTS_PROSECUTION),
                        Outcome.NOT_ELIGIBLE,
                        "doors.arrest-diversion.exclusions.victim-wants-prosecution"),
                row(
                        "unknown facts follow when-unknown: not-excluded",
                        R.arrest(),
                        Outcome.WARM_HANDOFF_NOW,
                        "doors.arrest-diversion.exclusions"),
                row(
                        "unknown facts follow when-unknown: excluded",
                        R.arrest(),
                        edited(
                                "protection-order-violation: {applies: true, when-unknown: not-excluded}",
                                "protection-order-violation: {applies: true, when-unknown: excluded}"),
                        facts(MONDAY_10),
                        Outcome.NOT_ELIGIBLE,
                        "doors.arrest-diversion.exclusions.protection-order-violation.when-unknown"),
                row(
                        "a stated fact is not overruled by when-unknown: excluded",
                        R.arrest().with(r -> r.protectionOrder = false),
                        edited(
                                "protection-order-violation: {applies: true, when-unknown: not-excluded}",
                                "protection-order-violation: {applies: true, when-unknown: excluded}"),
                        facts(MONDAY_10),
                        Outcome.WARM_HANDOFF_NOW,
                        "doors.arrest-diversion.exclusions"),
                row(
                        "an unknown drug quantity is not excluded",
                        R.arrest(),
                        Outcome.WARM_HANDOFF_NOW,
                        "doors.arrest-diversion.exclusions"),
                row(
                        "an arrest record routed by its divertible charge",
                        R.of(Door.ARREST_DIVERSION, null).charge("90J", "NIBRS"),
                        Outcome.WARM_HANDOFF_NOW,
                        "routing.arrests-with-divertible-charge"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("arrests")
    void arrestDiversionNeedsADivertibleChargeAndNoExclusion(String name, Row row) {
        Decision decision = decide(row);

        assertRow(row, decision);
        if (row.outcome() == Outcome.NOT_ELIGIBLE) {
            assertThat(decision.alternatives()).extracting(Alternative::name).containsExactly("Crisis line");
            assertThat(decision.tellReferrer())
                    .startsWith("Not a LEAD referral")
                    .contains("Crisis line (tel:988)");
        }
    }

    // ------------------------------------------------------------------ overrides

    static Stream<Arguments> overrides() {
        return Stream.of(
                row(
                        "a sergeant overrides a violent-offence exclusion",
                        R.arrest().with(r -> {
                            r.violent = true;
                            r.override = override("sergeant", "known to the officer; no weapon; diversion fits");
                        }),
                        Outcome.WARM_HANDOFF_NOW,
                        "doors.arrest-diversion.override.ranks"),
                row(
                        "a commander, written with capitals, overrides two exclusions",
                        R.arrest().with(r -> {
                            r.violent = true;
                            r.grams = 10.0;
                            r.override = override("Commander", "known to me for years, no weapon seen");
                        }),
                        Outcome.WARM_HANDOFF_NOW,
                        "doors.arrest-diversion.override.ranks"),
                row(
                        "an officer's override is refused",
                        R.arrest().with(r -> {
                            r.violent = true;
                            r.override = override("officer", "I think it fits");
                        }),
                        Outcome.NOT_ELIGIBLE,
                        "doors.arrest-diversion.override.ranks"),
                row(
                        "an override without a reason is refused",
                        R.arrest().with(r -> {
                            r.violent = true;
                            r.override = override("sergeant", " ");
                        }),
                        Outcome.NOT_ELIGIBLE,
                        "doors.arrest-diversion.override"),
                row(
                        "the victim's wish cannot be overridden",
                        R.arrest().with(r -> {
                            r.victim = Referral.VictimWish.WANTS_PROSECUTION;
                            r.override = override("commander", "the victim may change their mind");
                        }),
                        Outcome.NOT_ELIGIBLE,
                        "doors.arrest-diversion.exclusions.victim-wants-prosecution.overridable"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("overrides")
    void aSergeantOrCommanderMayOverrideAnExclusionAndTheOverrideIsRecorded(String name, Row row) {
        Decision decision = decide(row);

        assertRow(row, decision);
        Referral.Override made = row.referral().screening().override();
        assertThat(decision.override()).isNotNull();
        assertThat(decision.override().by()).isEqualTo(made.by());
        assertThat(decision.override().rank()).isEqualTo(made.rank());
        assertThat(decision.override().at()).isEqualTo(made.at());
        assertThat(decision.override().reason()).isEqualTo(made.reason());
        assertThat(decision.override().exclusions())
                .isEqualTo(decision.exclusions())
                .isNotEmpty();
        assertThat(decision.override().accepted()).isEqualTo(row.outcome() == Outcome.WARM_HANDOFF_NOW);
        assertThat(String.join("\n", decision.reasons())).doesNotContain(made.by());
        if (!made.reason().isBlank()) {
            assertThat(String.join("\n", decision.reasons())).doesNotContain(made.reason());
        }
    }

    @Test
    void anExclusionWithoutOverrideSaysWhoMayOverrideIt() {
        Decision decision =
                PolicyEngine.decide(R.arrest().with(r -> r.violent = true).build(), POLICY, facts(MONDAY_10));

        assertThat(decision.outcome()).isEqualTo(Outcome.NOT_ELIGIBLE);
        assertThat(decision.exclusions()).containsExactly("violent-offence");
        assertThat(decision.override()).isNull();
        assertThat(decision.reasons()).anySatisfy(r -> assertThat(r).contains("sergeant or commander may override"));
    }

    // ------------------------------------------------------------------ social contact and community

    static Stream<Arguments> eligibility() {
        return Stream.of(
                row(
                        "social contact with a violent history is still eligible",
                        R.socialContact().with(r -> {
                            r.violent = true;
                            r.protectionOrder = true;
                            r.victim = Referral.VictimWish.WANTS_PROSECUTION;
                        }),
                        Outcome.WARM_HANDOFF_NOW,
                        "lead-core-principle.no-criminal-history-exclusion"),
                row(
                        "community referral with a violent history is still eligible",
                        R.community().with(r -> {
                            r.violent = true;
                            r.sale = true;
                            r.chronic = true;
                            r.expects = true;
                        }),
                        Outcome.FIELD_FOLLOW_UP,
                        "lead-core-principle.no-criminal-history-exclusion"),
                row(
                        "social contact with eligibility unknown: the policy's proceed",
                        R.socialContact(),
                        Outcome.WARM_HANDOFF_NOW,
                        "doors.social-contact.eligibility.chronic-law-violations.when-unknown"),
                row(
                        "social contact not chronic: not eligible (no net-widening)",
                        R.socialContact().with(r -> r.chronic = false),
                        Outcome.NOT_ELIGIBLE,
                        "doors.social-contact.eligibility.chronic-law-violations.when-not-met"),
                row(
                        "community with eligibility unknown: OWG review",
                        R.community(),
                        Outcome.OWG_REVIEW,
                        "doors.community.eligibility.chronic-law-violations.when-unknown"),
                row(
                        "community with one criterion unknown: OWG review",
                        R.community().with(r -> r.chronic = true),
                        Outcome.OWG_REVIEW,
                        "doors.community.eligibility.expects-criminal-legal-response.when-unknown"),
                row(
                        "community without public expectation of a criminal-legal response",
                        R.community().with(r -> {
                            r.chronic = true;
                            r.expects = false;
                        }),
                        Outcome.NOT_ELIGIBLE,
                        "doors.community.eligibility.expects-criminal-legal-response.when-not-met"),
                row(
                        "community eligible: field follow-up, the door has no warm handoff",
                        R.community().with(r -> {
                            r.chronic = true;
                            r.expects = true;
                        }),
                        Outcome.FIELD_FOLLOW_UP,
                        "doors.community.warm-handoff"),
                row(
                        "a dispatcher's forward without call type: community, OWG review",
                        R.of(Door.COMMUNITY, null),
                        Outcome.OWG_REVIEW,
                        "routing.without-call-type"),
                row(
                        "every community referral to the OWG first when the door says always",
                        R.community().with(r -> {
                            r.chronic = true;
                            r.expects = true;
                        }),
                        edited(
                                "  community:\n    warm-handoff: false",
                                "  community:\n    owg-review: always\n    warm-handoff: false"),
                        facts(MONDAY_10),
                        Outcome.OWG_REVIEW,
                        "doors.community.owg-review"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("eligibility")
    void socialContactAndCommunityReferralsHaveNoCriminalHistoryExclusionButMeetTheCoreCriteria(String name, Row row) {
        Decision decision = decide(row);

        assertRow(row, decision);
        assertThat(decision.exclusions()).isEmpty();
        if (row.outcome() == Outcome.OWG_REVIEW) {
            assertThat(decision.review()).isEqualTo(Decision.Review.PENDING);
            assertThat(decision.tellReferrer()).isEqualTo("The OWG will review this referral.");
        }
        if (row.outcome() == Outcome.NOT_ELIGIBLE && row.referral().door() == Door.COMMUNITY) {
            assertThat(decision.alternatives())
                    .extracting(Alternative::name)
                    .containsExactly("Crisis line", "Community drop-in");
        }
    }

    // ------------------------------------------------------------------ capacity

    static TriageFacts load(int active, Map<Integer, Integer> queued) {
        return new TriageFacts(MONDAY_10, new TriageFacts.Capacity(2, active, queued), null, false);
    }

    static final R ELIGIBLE_COMMUNITY = R.community().with(r -> {
        r.chronic = true;
        r.expects = true;
    });

    static Stream<Arguments> capacity() {
        return Stream.of(
                row(
                        "one place left: community referral goes ahead",
                        ELIGIBLE_COMMUNITY,
                        POLICY,
                        load(49, Map.of()),
                        Outcome.FIELD_FOLLOW_UP,
                        "capacity.caseload-limit"),
                row(
                        "team full: community referral queued",
                        ELIGIBLE_COMMUNITY,
                        POLICY,
                        load(50, Map.of()),
                        Outcome.OWG_REVIEW,
                        "capacity.queue.priority[0]"),
                row(
                        "team over full: still queued",
                        R.community().role("resident"),
                        POLICY,
                        load(57, Map.of()),
                        Outcome.OWG_REVIEW,
                        "capacity.queue.priority[2]"),
                row(
                        "full at the ideal caseload when the policy says so",
                        ELIGIBLE_COMMUNITY,
                        edited("team-full-at: caseload-limit", "team-full-at: ideal-caseload"),
                        load(30, Map.of()),
                        Outcome.OWG_REVIEW,
                        "capacity.ideal-caseload"),
                row(
                        "the policy's own count of case managers",
                        ELIGIBLE_COMMUNITY,
                        edited("  team-full-at: caseload-limit", "  team-full-at: caseload-limit\n  case-managers: 1"),
                        load(25, Map.of()),
                        Outcome.OWG_REVIEW,
                        "capacity.caseload-limit"),
                row(
                        "team full: an arrest diversion is never queued",
                        R.arrest(),
                        POLICY,
                        load(80, Map.of()),
                        Outcome.WARM_HANDOFF_NOW,
                        "doors.arrest-diversion.exclusions"),
                row(
                        "team full: a social contact referral is never queued",
                        R.socialContact(),
                        POLICY,
                        load(80, Map.of()),
                        Outcome.WARM_HANDOFF_NOW,
                        "doors.social-contact.referrers.roles"),
                row(
                        "team full: an enrolled participant adds nothing to the load",
                        ELIGIBLE_COMMUNITY,
                        POLICY,
                        new TriageFacts(MONDAY_10, new TriageFacts.Capacity(2, 80, Map.of()), ANA_PARTICIPANT, false),
                        Outcome.FIELD_FOLLOW_UP,
                        "capacity"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("capacity")
    void whenTheTeamIsFullCommunityReferralsQueueAndTheReferrerIsTold(String name, Row row) {
        Decision decision = decide(row);

        assertRow(row, decision);
        if (row.outcome() == Outcome.OWG_REVIEW) {
            assertThat(decision.queue()).isNotNull();
            assertThat(decision.queue().position()).isEqualTo(1);
            assertThat(decision.tellReferrer())
                    .isEqualTo("The team is full; this referral is queued. Position in the queue: 1.");
        } else {
            assertThat(decision.queue()).isNull();
        }
    }

    @Test
    void aQueuedReferralWaitsBehindThoseOfEqualOrHigherPriority() {
        Map<Integer, Integer> queued = Map.of(1, 2, 2, 5, 3, 7);

        Decision dispatcher = PolicyEngine.decide(ELIGIBLE_COMMUNITY.build(), POLICY, load(50, queued));
        Decision partner = PolicyEngine.decide(R.community().role("partner").build(), POLICY, load(50, queued));
        Decision resident = PolicyEngine.decide(R.community().role("resident").build(), POLICY, load(50, queued));

        assertThat(dispatcher.queue()).isEqualTo(new Decision.Queue(1, "sent by 911 or 988 triage", 3));
        assertThat(partner.queue()).isEqualTo(new Decision.Queue(2, "sent by a partner agency", 8));
        assertThat(resident.queue()).isEqualTo(new Decision.Queue(3, "everyone else", 15));
        assertThat(partner.tellReferrer()).endsWith("Position in the queue: 8.");
    }

    // ------------------------------------------------------------------ the golden thread

    static TriageFacts enrolled(TriageFacts.Participant participant) {
        return new TriageFacts(MONDAY_10, room(), participant, false);
    }

    static final TriageFacts.Participant INACTIVE =
            new TriageFacts.Participant(UUID.fromString("00000000-0000-0000-0000-00000000000b"), "ben", false);

    static Stream<Arguments> goldenThread() {
        return Stream.of(
                row(
                        "an enrolled participant's social contact goes to their own case manager",
                        R.socialContact(),
                        POLICY,
                        enrolled(ANA_PARTICIPANT),
                        Outcome.WARM_HANDOFF_NOW,
                        "golden-thread.match"),
                row(
                        "an enrolled participant's re-arrest goes to their own case manager",
                        R.arrest(),
                        POLICY,
                        enrolled(ANA_PARTICIPANT),
                        Outcome.WARM_HANDOFF_NOW,
                        "golden-thread.match"),
                row(
                        "an enrolled participant's community referral meets eligibility by enrolment",
                        R.community(),
                        POLICY,
                        enrolled(ANA_PARTICIPANT),
                        Outcome.FIELD_FOLLOW_UP,
                        "golden-thread.enrolled-meets-eligibility"),
                row(
                        "an inactive participant stays with their case manager",
                        R.socialContact(),
                        POLICY,
                        enrolled(INACTIVE),
                        Outcome.WARM_HANDOFF_NOW,
                        "golden-thread.match"),
                row(
                        "outside hours, the follow-up still goes to their own case manager",
                        R.socialContact(),
                        POLICY,
                        new TriageFacts(local("2026-03-09T20:00"), room(), ANA_PARTICIPANT, false),
                        Outcome.FIELD_FOLLOW_UP,
                        "golden-thread.match"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("goldenThread")
    void anEnrolledParticipantGoesToTheirOwnCaseManagerFirst(String name, Row row) {
        Decision decision = decide(row);

        assertRow(row, decision);
        TriageFacts.Participant p = row.facts().participant();
        assertThat(decision.ownCaseManager())
                .isEqualTo(new Decision.OwnCaseManager(p.id(), p.caseManagerId(), p.active()));
        assertThat(decision.reasons()).anySatisfy(r -> assertThat(r).contains("on-call case manager as backup"));
    }

    static Stream<Arguments> noGoldenThread() {
        return Stream.of(
                row(
                        "no participant matched",
                        R.socialContact(),
                        POLICY,
                        facts(MONDAY_10),
                        Outcome.WARM_HANDOFF_NOW,
                        "doors.social-contact.referrers.roles"),
                row(
                        "more than one participant matched",
                        R.socialContact(),
                        POLICY,
                        new TriageFacts(MONDAY_10, room(), null, true),
                        Outcome.WARM_HANDOFF_NOW,
                        "golden-thread.match"),
                row(
                        "an inactive participant when the policy matches active ones only",
                        R.socialContact(),
                        edited("include-inactive: true", "include-inactive: false"),
                        enrolled(INACTIVE),
                        Outcome.WARM_HANDOFF_NOW,
                        "golden-thread.include-inactive"),
                row(
                        "matching switched off",
                        R.socialContact(),
                        edited("match: full-name-and-birth-date", "match: off"),
                        enrolled(ANA_PARTICIPANT),
                        Outcome.WARM_HANDOFF_NOW,
                        "doors.social-contact.referrers.roles"),
                row(
                        "a refused referral goes to no one's caseload",
                        R.socialContact().with(r -> r.chronic = false),
                        POLICY,
                        enrolled(ANA_PARTICIPANT),
                        Outcome.NOT_ELIGIBLE,
                        "doors.social-contact.eligibility.chronic-law-violations.when-not-met"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("noGoldenThread")
    void withoutASingleMatchingParticipantTheOnCallCaseManagerIsPaged(String name, Row row) {
        Decision decision = decide(row);

        assertRow(row, decision);
        assertThat(decision.ownCaseManager()).isNull();
    }

    // ------------------------------------------------------------------ hours and zone

    static Arguments at(String name, String localTime, Outcome outcome, String rule) {
        return Arguments.of(name, new Row(R.socialContact().build(), POLICY, facts(local(localTime)), outcome, rule));
    }

    static Arguments where(String name, R referral, Outcome outcome, String rule) {
        return row(name, referral, outcome, rule);
    }

    static Stream<Arguments> hoursAndZone() {
        return Stream.of(
                at(
                        "Monday 10:00, inside hours",
                        "2026-03-09T10:00",
                        Outcome.WARM_HANDOFF_NOW,
                        "operating-hours, pilot-zone"),
                at(
                        "Monday 07:59, a minute before opening",
                        "2026-03-09T07:59",
                        Outcome.FIELD_FOLLOW_UP,
                        "operating-hours"),
                at(
                        "Monday 08:00, opening",
                        "2026-03-09T08:00",
                        Outcome.WARM_HANDOFF_NOW,
                        "operating-hours, pilot-zone"),
                at(
                        "Monday 17:59, a minute before closing",
                        "2026-03-09T17:59",
                        Outcome.WARM_HANDOFF_NOW,
                        "operating-hours, pilot-zone"),
                at("Monday 18:00, closing", "2026-03-09T18:00", Outcome.FIELD_FOLLOW_UP, "operating-hours"),
                at("Saturday 13:00", "2026-03-14T13:00", Outcome.WARM_HANDOFF_NOW, "operating-hours, pilot-zone"),
                at("Saturday 14:30", "2026-03-14T14:30", Outcome.FIELD_FOLLOW_UP, "operating-hours"),
                at("Sunday noon, a day without hours", "2026-03-15T12:00", Outcome.FIELD_FOLLOW_UP, "operating-hours"),
                at(
                        "Christmas Day, a Friday, closed",
                        "2026-12-25T10:00",
                        Outcome.FIELD_FOLLOW_UP,
                        "operating-hours.holidays[0]"),
                at(
                        "Thanksgiving 11:00, short hours",
                        "2026-11-26T11:00",
                        Outcome.WARM_HANDOFF_NOW,
                        "operating-hours, pilot-zone"),
                at(
                        "Thanksgiving 12:00, after its short hours",
                        "2026-11-26T12:00",
                        Outcome.FIELD_FOLLOW_UP,
                        "operating-hours.holidays[1]"),
                where(
                        "beat C3 is in the pilot zone",
                        R.socialContact().zone("C3"),
                        Outcome.WARM_HANDOFF_NOW,
                        "operating-hours, pilot-zone"),
                where(
                        "a beat code in lower case",
                        R.socialContact().zone(" e1 "),
                        Outcome.WARM_HANDOFF_NOW,
                        "operating-hours, pilot-zone"),
                where("beat B2 is outside", R.socialContact().zone("B2"), Outcome.FIELD_FOLLOW_UP, "pilot-zone"),
                where(
                        "a point inside the polygon, beat B2",
                        R.socialContact().point(47.61, -122.33, "B2"),
                        Outcome.WARM_HANDOFF_NOW,
                        "operating-hours, pilot-zone"),
                where(
                        "a point inside the polygon, no beat",
                        R.socialContact().point(47.615, -122.325, null),
                        Outcome.WARM_HANDOFF_NOW,
                        "operating-hours, pilot-zone"),
                where(
                        "a point outside the polygon, no beat",
                        R.socialContact().point(47.65, -122.33, null),
                        Outcome.FIELD_FOLLOW_UP,
                        "pilot-zone"),
                where(
                        "a point on a vertex of the polygon",
                        R.socialContact().point(47.60, -122.34, null),
                        Outcome.WARM_HANDOFF_NOW,
                        "operating-hours, pilot-zone"),
                where(
                        "a point on an edge of the polygon",
                        R.socialContact().point(47.61, -122.32, null),
                        Outcome.WARM_HANDOFF_NOW,
                        "operating-hours, pilot-zone"),
                where(
                        "a point just outside an edge",
                        R.socialContact().point(47.61, -122.3199, null),
                        Outcome.FIELD_FOLLOW_UP,
                        "pilot-zone"),
                where(
                        "an outside point in an inside beat",
                        R.socialContact().point(47.65, -122.33, "C3"),
                        Outcome.WARM_HANDOFF_NOW,
                        "operating-hours, pilot-zone"),
                where(
                        "no place at all: when-unknown outside",
                        R.socialContact().nowhere(),
                        Outcome.FIELD_FOLLOW_UP,
                        "pilot-zone.when-unknown"),
                row(
                        "no place at all: when-unknown inside",
                        R.socialContact().nowhere(),
                        edited("when-unknown: outside", "when-unknown: inside"),
                        facts(MONDAY_10),
                        Outcome.WARM_HANDOFF_NOW,
                        "pilot-zone.when-unknown"),
                row(
                        "outside hours and outside the zone",
                        R.socialContact().zone("B2"),
                        POLICY,
                        facts(local("2026-03-15T12:00")),
                        Outcome.FIELD_FOLLOW_UP,
                        "operating-hours"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("hoursAndZone")
    void outsideHoursOrZoneTheOfficerIsToldAtOnceAndOutreachIsQueuedWithADeadline(String name, Row row) {
        Decision decision = decide(row);

        assertRow(row, decision);
        if (row.outcome() == Outcome.FIELD_FOLLOW_UP) {
            Instant deadline = row.facts().now().plus(Duration.ofHours(12));
            assertThat(decision.followUp().deadline()).isEqualTo(deadline);
            assertThat(decision.tellReferrer())
                    .startsWith("No warm handoff now; release under normal procedure.")
                    .contains("Outreach will begin by "
                            + ZonedDateTime.ofInstant(deadline, ZONE)
                                    .format(java.time.format.DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm")));
            assertThat(decision.ownCaseManager()).isNull();
        } else {
            assertThat(decision.followUp()).isNull();
            assertThat(decision.tellReferrer()).isEqualTo("A case manager is on the way.");
        }
    }

    // ------------------------------------------------------------------ routing, equity, privacy

    @Test
    void aCallTypeThePolicyDoesNotListIsNotRoutedAndTheReasonSaysSo() {
        Referral referral = R.of(Door.COMMUNITY, "TRAFFIC").build();

        assertThat(PolicyEngine.notRouted(referral, POLICY))
                .hasValueSatisfying(reason -> assertThat(reason)
                        .contains("TRAFFIC")
                        .contains("not routed")
                        .contains("test-1"));
        Decision decision = PolicyEngine.decide(referral, POLICY, facts(MONDAY_10));
        assertThat(decision.outcome()).isEqualTo(Outcome.NOT_ELIGIBLE);
        assertThat(decision.rules()).containsExactly("routing");
    }

    @Test
    void anArrestRecordWithoutDivertibleChargeIsNotRouted() {
        Referral referral =
                R.of(Door.ARREST_DIVERSION, null).charge("13A", "UCR").build();

        assertThat(PolicyEngine.notRouted(referral, POLICY))
                .hasValueSatisfying(
                        reason -> assertThat(reason).contains("not routed").contains("divertible"));
    }

    @Test
    void theRoutingEntryGivesTheDoorWhenTheSourceSetsNone() {
        Decision decision =
                PolicyEngine.decide(R.of(null, "LEADARR").charge("35A", "UCR").build(), POLICY, facts(MONDAY_10));

        assertThat(decision.door()).isEqualTo(Door.ARREST_DIVERSION);
        assertThat(decision.outcome()).isEqualTo(Outcome.WARM_HANDOFF_NOW);
    }

    static Referral.Person person(String role, String race, String ethnicity, String gender) {
        return new Referral.Person(
                role == null ? List.of() : List.of(role), "Given", "Family", "1980-01-01", race, ethnicity, gender);
    }

    static Stream<Arguments> equity() {
        return Stream.of(
                Arguments.of(
                        "the subject's, beside a caller",
                        List.of(person("Caller", "W", "N", "F"), person("Subject", "B", "N", "M")),
                        new Decision.Equity("B", "N", "M")),
                Arguments.of(
                        "the arrestee's",
                        List.of(person("Witness", "A", "H", "F"), person("Arrestee", "I", "H", "X")),
                        new Decision.Equity("I", "H", "X")),
                Arguments.of(
                        "the only person's, whatever the role",
                        List.of(person("Caller", "W", "H", "F")),
                        new Decision.Equity("W", "H", "F")),
                Arguments.of(
                        "not recorded when the source gives none",
                        List.of(person("Subject", null, " ", null)),
                        new Decision.Equity("not recorded", "not recorded", "not recorded")),
                Arguments.of("not recorded without persons", List.of(), Decision.Equity.NOT_RECORDED),
                Arguments.of(
                        "not recorded when two persons and no subject",
                        List.of(person("Caller", "W", "N", "F"), person("Witness", "B", "N", "M")),
                        Decision.Equity.NOT_RECORDED));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("equity")
    void everyDecisionKeepsTheReferredPersonsRaceEthnicityAndGender(
            String name, List<Referral.Person> persons, Decision.Equity expected) {
        for (R referral : List.of(
                R.socialContact(),
                R.arrest().with(r -> r.violent = true),
                R.community(),
                R.socialContact().with(r -> r.imminentDanger = true),
                R.of(Door.COMMUNITY, "TRAFFIC"))) {
            referral.persons.addAll(persons);
            Decision decision = PolicyEngine.decide(referral.build(), POLICY, facts(MONDAY_10));
            assertThat(decision.equity()).as(decision.outcome().name()).isEqualTo(expected);
        }
        assertThat(Decision.Equity.NOT_RECORDED.race()).isEqualTo("not recorded");
    }

    @Test
    void reasonsNeverQuoteNamesNotesChargesPlacesOrTheOverridersWords() {
        Referral referral = new Referral(
                "test",
                Door.ARREST_DIVERSION,
                "eido",
                "INC-7731",
                local("2026-03-09T09:40"),
                MONDAY_10,
                new Referral.Location(
                        "1400 Quillfeather Lane", "behind the Marigold laundromat", 47.61, -122.33, "Beat-Q7"),
                new Referral.CallType("LEADARR", "Zephyrine welfare concern", null, null),
                List.of(
                        new Referral.Charge("35A", "UCR", "Possession of Periwinkle powder"),
                        new Referral.Charge("9A.56.050", "RCW", "Theft of a Periwinkle bicycle")),
                new Referral.Referrer("SPD", "Officer Thistlewood", "tel:+12065550199", "officer", "Thistlewood"),
                List.of(new Referral.Person(
                        List.of("Subject"),
                        "Zebulon",
                        "Quixley-Marchetti",
                        "1979-02-28",
                        "Race-Value-Xq",
                        "Ethnicity-Value-Xq",
                        "Gender-Value-Xq")),
                List.of("Sleeps under the Aurora bridge with a dog named Biscuitopher", "Mentions Fictitiosis"),
                List.of("mapper warning Wqz"),
                new Referral.Screening(
                        null,
                        true,
                        false,
                        2.5,
                        false,
                        false,
                        true,
                        false,
                        Referral.VictimWish.NO_VICTIM,
                        true,
                        true,
                        new Referral.Override(
                                "Sgt Brambleworth",
                                "Lieutenant-Colonel-Zz",
                                local("2026-03-09T09:50"),
                                "Knows Zebulon from the Aurora camp")));

        for (Policy policy : List.of(
                POLICY,
                edited(
                        "override:\n      ranks: [sergeant, commander]",
                        "override:\n      ranks: [sergeant, commander, lieutenant-colonel-zz]"))) {
            for (Referral r : List.of(
                    referral,
                    referral.withSiteAndDoor("test", Door.SOCIAL_CONTACT),
                    referral.withSiteAndDoor("test", Door.COMMUNITY))) {
                Decision decision = PolicyEngine.decide(r, policy, facts(local("2026-03-15T03:00")));
                assertThat(String.join("\n", decision.reasons()) + decision.tellReferrer())
                        .doesNotContain(
                                "Zebulon",
                                "Quixley",
                                "Marchetti",
                                "1979-02-28",
                                "Xq",
                                "Biscuitopher",
                                "Aurora",
                                "Fictitiosis",
                                "Quillfeather",
                                "Marigold",
                                "Beat-Q7",
                                "Periwinkle",
                                "9A.56.050",
                                "Thistlewood",
                                "+12065550199",
                                "Zephyrine",
                                "INC-7731",
                                "Wqz",
                                "Brambleworth",
                                "2.5");
            }
        }
    }

    @Test
    void sameReferralPolicyAndFactsAlwaysGiveTheSameDecision() {
        Referral referral = R.arrest().with(r -> r.violent = true).build();

        assertThat(PolicyEngine.decide(referral, POLICY, facts(MONDAY_10)))
                .isEqualTo(PolicyEngine.decide(referral, POLICY, facts(MONDAY_10)));
    }

    @Test
    void everyDecisionRecordsThePolicyVersionThatTookIt() {
        Policy other = edited("version: \"test-1\"", "version: \"pcg-2026.3\"");
        for (R referral : List.of(
                R.socialContact(),
                R.arrest().with(r -> r.violent = true),
                R.community(),
                R.of(Door.COMMUNITY, "TRAFFIC"),
                R.socialContact().with(r -> r.imminentDanger = true))) {
            Decision decision = PolicyEngine.decide(referral.build(), other, facts(MONDAY_10));
            assertThat(decision.policyVersion()).isEqualTo("pcg-2026.3");
            assertThat(decision.reasons()).allSatisfy(r -> assertThat(r).contains("policy pcg-2026.3"));
        }
    }

    // ---------------------------------------------------------------- consent (988 transfers)

    @Test
    void aPersonWhoDeclinedContactGoesBackToTheCrisisLineWithTheReasonWhateverTheDoorWouldOffer() {
        for (R referral : List.of(R.socialContact(), R.community().role("crisis-line"), R.arrest())) {
            Decision decision =
                    PolicyEngine.decide(referral.with(r -> r.consent = false).build(), POLICY, facts(MONDAY_10));

            assertThat(decision.outcome()).isEqualTo(Outcome.NOT_ELIGIBLE);
            assertThat(decision.rules()).containsExactly(decision.rules().get(0), "consent.when-declined");
            assertThat(decision.reasons().get(decision.reasons().size() - 1))
                    .contains("declined to be contacted")
                    .contains("nobody is paged");
            assertThat(decision.tellReferrer()).isEqualTo(Policy.Consent.DEFAULT_TELL_REFERRER);
            assertThat(decision.followUp()).isNull();
        }
        assertThat(PolicyEngine.decide(
                                R.community()
                                        .role("crisis-line")
                                        .with(r -> r.consent = false)
                                        .build(),
                                POLICY,
                                facts(MONDAY_10))
                        .reasons()
                        .toString())
                .contains("back to the crisis line");
    }

    @Test
    void theConsentRuleMaySendADeclinedReferralToTheOperationsWorkGroupInTheSitesWords() {
        Policy policy = policy(
                TEXT + "\nconsent:\n  when-declined: owg-review\n  tell-referrer: \"Noted; nobody will call.\"\n");

        Decision decision = PolicyEngine.decide(
                R.socialContact().with(r -> r.consent = false).build(), policy, facts(MONDAY_10));

        assertThat(decision.outcome()).isEqualTo(Outcome.OWG_REVIEW);
        assertThat(decision.review()).isEqualTo(Decision.Review.PENDING);
        assertThat(decision.tellReferrer()).isEqualTo("Noted; nobody will call.");
        assertThat(decision.rules()).contains("consent.when-declined");
    }

    @Test
    void imminentDangerIsRedirectedEvenWhenContactWasDeclined() {
        Decision decision = PolicyEngine.decide(
                R.socialContact()
                        .with(r -> {
                            r.consent = false;
                            r.imminentDanger = true;
                        })
                        .build(),
                POLICY,
                facts(MONDAY_10));

        assertThat(decision.outcome()).isEqualTo(Outcome.REDIRECT);
    }

    @Test
    void consentGivenOrNotStatedChangesNothing() {
        Decision unknown = PolicyEngine.decide(R.socialContact().build(), POLICY, facts(MONDAY_10));
        Decision given = PolicyEngine.decide(
                R.socialContact().with(r -> r.consent = true).build(), POLICY, facts(MONDAY_10));

        assertThat(unknown.outcome()).isEqualTo(Outcome.WARM_HANDOFF_NOW);
        assertThat(given).isEqualTo(unknown);
    }

    @Test
    void anArrestDiversionNamesTheExclusionFactsTheSourceDidNotState() {
        Decision decision = PolicyEngine.decide(
                R.arrest()
                        .with(r -> {
                            r.violent = false;
                            r.grams = 1.0;
                        })
                        .build(),
                POLICY,
                facts(MONDAY_10));

        assertThat(decision.reasons())
                .filteredOn(reason -> reason.startsWith("Not stated by the source"))
                .singleElement()
                .satisfies(reason -> assertThat(reason)
                        .contains("unable-to-consent", "sale-above-subsistence", "protection-order-violation")
                        .doesNotContain("violent-offence")
                        .doesNotContain("drug-quantity"));
    }
}
