package org.doorway.demo;

import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.temporal.TemporalAdjusters;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.UUID;
import org.doorway.handoff.DemoHandoffs;
import org.doorway.referral.Door;
import org.doorway.referral.Referral;
import org.doorway.referral.ReferralStore;
import org.doorway.site.OnCall;
import org.doorway.site.Site;
import org.doorway.site.Sites;
import org.doorway.system.DoorwayProperties;
import org.doorway.triage.Decision;
import org.doorway.triage.Decisions;
import org.doorway.triage.DemoReviews;
import org.doorway.triage.Outcome;
import org.doorway.triage.Policies;
import org.doorway.triage.Policy;
import org.doorway.triage.PolicyReplay;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Gives the demo site a fictional past ({@code --doorway.demo.history=P90D}): at start, when the
 * demo site is enabled and the setting is given, that many days up to the start of today (site
 * time) of made-up referrals through all three doors, each decided by the demo site's policy as
 * {@code policy replay} decides it, warm handoffs with their whole clock (acknowledged, en route,
 * on scene, handed off; a few unanswered or the person gone; a few past the 30-minute target), and
 * the OWG's decisions on the reviews (those whose fortnightly meeting falls after today stay
 * pending, for the agenda).
 *
 * <p>The shape is that of a small LEAD program: about eight referrals a day, few before dawn and
 * most in the afternoon and evening, more on Fridays and Saturdays; five zones, the outer ones
 * further away; acknowledging slower at night; whoever the demo rotation had on call answers
 * (the backup when the primary took more than five minutes). Every person is made up from a list
 * of invented names; no SMS or call is made, no timer started, no dispatch system told.
 *
 * <p>Once only: the whole history is written in one transaction holding an advisory lock, and not
 * at all when the demo site already has history (its referrals from source
 * {@value #SOURCE}), so restarts and several instances starting together write it once.
 */
@Component
public class DemoHistory {

    /** The source of the history's referrals, by which it is recognised. */
    public static final String SOURCE = "demo-history";

    private static final Logger log = LoggerFactory.getLogger(DemoHistory.class);
    private static final String SITE = "demo";
    private static final long LOCK = 0x44656d6f48697374L; // "DemoHist"
    private static final long SEED = 20260101L;

    /** Referrals per hour of the day, relative (a LEAD program's day: quiet before dawn). */
    private static final double[] HOURS = {
        0.5, 0.35, 0.25, 0.2, 0.2, 0.3, 0.5, 0.8, 1.0, 1.2, 1.3, 1.4, 1.5, 1.5, 1.6, 1.7, 1.7, 1.6, 1.5, 1.3, 1.1, 0.9,
        0.8, 0.6
    };

    /** The zones: name, share of referrals, centre, median travel minutes. */
    private record Zone(String name, double share, double latitude, double longitude, double travel) {}

    private static final List<Zone> ZONES = List.of(
            new Zone("Central", 0.32, 47.6080, -122.3350, 8),
            new Zone("West", 0.18, 47.6170, -122.3560, 10),
            new Zone("East", 0.18, 47.6150, -122.3050, 12),
            new Zone("North", 0.17, 47.6600, -122.3300, 15),
            new Zone("South", 0.15, 47.5600, -122.3200, 16));

    private static final String[] GIVEN = {
        "Arlo", "Bexley", "Cato", "Delphine", "Emrys", "Fenna", "Galen", "Halia", "Isko", "Juno", "Kestrel", "Lark",
        "Marlo", "Nerys", "Orrin", "Perrin", "Quill", "Rowan", "Sable", "Tamsin", "Ulla", "Vesper", "Wren", "Yarrow"
    };
    private static final String[] FAMILY = {
        "Ashdown", "Brambleford", "Coldwater", "Dunmore", "Elderwick", "Fernhollow", "Greythorn", "Hollowell",
        "Ironbridge", "Juniperry", "Kettlewell", "Larkspur", "Moorcroft", "Nettlefield", "Oakhurst", "Pennywhistle",
        "Quarrington", "Ravensmoor", "Saltmarsh", "Thistlewood"
    };
    private static final String[] STREETS = {
        "Alder Way", "Birch St", "Cedar Ave", "Dogwood Ln", "Elm Pl", "Fir St", "Hawthorn Ave", "Laurel St"
    };
    private static final String[] RACES = {
        "White",
        "White",
        "White",
        "Black or African American",
        "Black or African American",
        "Asian",
        "American Indian or Alaska Native",
        "Native Hawaiian or Other Pacific Islander",
        null
    };
    private static final String[] COMMUNITY_CALLS = {
        "SUSPICIOUS CIRCUM. - SUSPICIOUS PERSON", "DISTURBANCE - OTHER", "TRESPASS", "NARCOTICS - OTHER",
        "CRISIS COMPLAINT - GENERAL", "SERVICE - WELFARE CHECK", "PERSON-IN-NEED", "ENCAMPMENT-WELLNESS"
    };
    private static final String[] CHARGES = {"35A", "35A", "23C", "90J", "23H", "90C"};

    private final DoorwayProperties properties;
    private final JdbcClient db;
    private final TransactionTemplate transactions;
    private final ReferralStore referrals;
    private final Decisions decisions;
    private final DemoReviews reviews;
    private final DemoHandoffs handoffs;
    private final Policies policies;
    private final Sites sites;
    private final OnCall onCall;

    DemoHistory(
            DoorwayProperties properties,
            JdbcClient db,
            TransactionTemplate transactions,
            ReferralStore referrals,
            Decisions decisions,
            DemoReviews reviews,
            DemoHandoffs handoffs,
            Policies policies,
            Sites sites,
            OnCall onCall) {
        this.properties = properties;
        this.db = db;
        this.transactions = transactions;
        this.referrals = referrals;
        this.decisions = decisions;
        this.reviews = reviews;
        this.handoffs = handoffs;
        this.policies = policies;
        this.sites = sites;
        this.onCall = onCall;
    }

    /** At start: the history the setting asks for, if the demo site is on and has none yet. */
    @EventListener(ApplicationReadyEvent.class)
    void atStart() {
        Duration length = properties.demo().history();
        if (!properties.demo().enabled() || length == null || length.isNegative() || length.isZero()) {
            return;
        }
        try {
            Instant now = db.sql("select doorway_now()")
                    .query(java.sql.Timestamp.class)
                    .single()
                    .toInstant();
            int written = seed(now, length);
            if (written > 0) {
                log.info(
                        "Demo history: {} fictional referrals over {} days written for the demo site",
                        written,
                        length.toDays());
            }
        } catch (RuntimeException e) {
            log.warn("Demo history not written: {}", e.getClass().getSimpleName());
        }
    }

    /**
     * Writes {@code length} of history up to the start of the day (site time) of {@code now}, unless
     * the demo site has history already.
     *
     * @return the referrals written; 0 when there was history already (or no demo site or policy)
     */
    public int seed(Instant now, Duration length) {
        Optional<Site> site = sites.find(SITE);
        if (site.isEmpty()) {
            return 0;
        }
        ZoneId zone = site.get().timeZone();
        LocalDate last = now.atZone(zone).toLocalDate().minusDays(1);
        long days = Math.max(1, length.toDays());
        LocalDate first = last.minusDays(days - 1);
        Optional<Policy> policy = policies.inForce(SITE, now)
                .or(() -> policies.versions(SITE).stream().max(java.util.Comparator.comparing(Policy::effectiveFrom)));
        if (policy.isEmpty()) {
            return 0;
        }
        Integer written = transactions.execute(status -> {
            db.sql("select pg_advisory_xact_lock(?)").param(LOCK).query().singleRow();
            boolean seeded = db.sql("select exists (select 1 from referral where site = ? and source = ?)")
                    .params(SITE, SOURCE)
                    .query(Boolean.class)
                    .single();
            if (seeded) {
                return 0;
            }
            return write(policy.get(), zone, first, last, now);
        });
        return written == null ? 0 : written;
    }

    private int write(Policy policy, ZoneId zone, LocalDate first, LocalDate last, Instant now) {
        SplittableRandom random = new SplittableRandom(SEED);
        int count = 0;
        for (LocalDate day = first; !day.isAfter(last); day = day.plusDays(1)) {
            double dayWeight = switch (day.getDayOfWeek()) {
                case FRIDAY, SATURDAY -> 1.25;
                case SUNDAY -> 0.8;
                default -> 1.0;
            };
            for (int hour = 0; hour < 24; hour++) {
                int n = poisson(random, 8.0 / 24 * HOURS[hour] * dayWeight);
                for (int k = 0; k < n; k++) {
                    ZonedDateTime at = day.atStartOfDay(zone).plusHours(hour).plusSeconds(random.nextInt(3600));
                    one(policy, zone, at.toInstant(), day + "-" + hour + "-" + k, random, now);
                    count++;
                }
            }
        }
        return count;
    }

    /** One referral, its decision and what followed. */
    private void one(Policy policy, ZoneId zone, Instant occurred, String id, SplittableRandom random, Instant now) {
        Zone place = pick(random);
        Instant received = occurred.plusSeconds(30 + random.nextInt(90));
        double kind = random.nextDouble();
        Door door;
        Referral.CallType callType;
        List<Referral.Charge> charges = List.of();
        Referral.Referrer referrer;
        Referral.Screening screening = Referral.Screening.UNKNOWN;
        String officer = "officer-" + (101 + random.nextInt(40));
        if (kind < 0.36) {
            door = Door.SOCIAL_CONTACT;
            callType = new Referral.CallType("LEAD", "LEAD social contact referral", null, null);
            referrer = new Referral.Referrer("DCPD", officer, null, "officer", null);
        } else if (kind < 0.56) {
            door = Door.ARREST_DIVERSION;
            callType = new Referral.CallType("LEADARR", "LEAD arrest diversion", null, null);
            String code = CHARGES[random.nextInt(CHARGES.length)];
            charges = List.of(new Referral.Charge(code, "UCR", "charge " + code));
            referrer = new Referral.Referrer("DCPD", officer, null, "officer", null);
            if (random.nextDouble() < 0.06) {
                screening = screening(null, null, 6.5);
            }
        } else {
            door = Door.COMMUNITY;
            String call = COMMUNITY_CALLS[random.nextInt(COMMUNITY_CALLS.length)];
            callType = new Referral.CallType(call, call, null, null);
            boolean resident = call.equals("PERSON-IN-NEED") || call.equals("ENCAMPMENT-WELLNESS");
            referrer = new Referral.Referrer(
                    resident ? "DC311" : "DCECC",
                    "dispatch-" + (11 + random.nextInt(9)),
                    null,
                    resident ? "open311" : "dispatcher",
                    null);
            double known = random.nextDouble();
            if (known < 0.1) {
                screening = screening(false, true, null);
            } else if (known < 0.25) {
                screening = screening(true, true, null);
            }
        }
        Referral.Location location = new Referral.Location(
                (100 + random.nextInt(40) * 100) + " block of " + STREETS[random.nextInt(STREETS.length)],
                null,
                round(place.latitude() + (random.nextDouble() - 0.5) * 0.02),
                round(place.longitude() + (random.nextDouble() - 0.5) * 0.02),
                place.name());
        Referral.Person person = new Referral.Person(
                List.of("Subject"),
                GIVEN[random.nextInt(GIVEN.length)],
                FAMILY[random.nextInt(FAMILY.length)],
                LocalDate.of(1960 + random.nextInt(40), 1 + random.nextInt(12), 1 + random.nextInt(28))
                        .toString(),
                RACES[random.nextInt(RACES.length)],
                random.nextDouble() < 0.15
                        ? "Hispanic or Latino"
                        : random.nextDouble() < 0.9 ? "Not Hispanic or Latino" : null,
                random.nextDouble() < 0.68 ? "Male" : random.nextDouble() < 0.93 ? "Female" : null);
        Referral referral = new Referral(
                SITE,
                door,
                SOURCE,
                "H-" + id,
                occurred,
                received,
                location,
                callType,
                charges,
                referrer,
                List.of(person),
                List.of(),
                List.of(),
                screening);
        Optional<ReferralStore.Stored> stored = referrals.insertIfNew(referral, "http:" + SOURCE);
        Optional<Decision> decision = PolicyReplay.decide(referral, policy);
        if (stored.isEmpty() || decision.isEmpty()) {
            return;
        }
        UUID referralId = stored.get().id();
        Instant decided = received.plusSeconds(1);
        decisions.record(referralId, decision.get(), decided);
        if (decision.get().outcome() == Outcome.WARM_HANDOFF_NOW) {
            handoff(referralId, zone, place, decided, random);
        } else if (decision.get().outcome() == Outcome.OWG_REVIEW) {
            review(referralId, zone, decided, random, now);
        }
    }

    private static Referral.Screening screening(Boolean chronic, Boolean expects, Double grams) {
        return new Referral.Screening(null, null, null, grams, null, null, null, null, null, chronic, expects, null);
    }

    /** A warm handoff's whole clock, answered by whoever the demo rotation had on call. */
    private void handoff(UUID referralId, ZoneId zone, Zone place, Instant requested, SplittableRandom random) {
        int hour = requested.atZone(zone).getHour();
        double ackMedian = hour >= 23 || hour < 7 ? 6.0 : hour >= 19 ? 3.5 : 2.5;
        double ack = lognormal(random, ackMedian, 0.7);
        double toRoad = lognormal(random, 2, 0.5);
        double travel = lognormal(random, place.travel(), 0.45);
        double stay = lognormal(random, 40, 0.35);
        double fate = random.nextDouble();
        Map<String, org.doorway.site.Site.CaseManager> onCallNow = onCall.onCall(SITE, requested);
        boolean backup = ack > 5;
        String responder = Optional.ofNullable(onCallNow.get(backup ? "backup" : "primary"))
                .or(() -> Optional.ofNullable(onCallNow.get("supervisor")))
                .map(org.doorway.site.Site.CaseManager::id)
                .orElse(null);
        DemoHandoffs.Past past;
        if (fate < 0.02) {
            Instant ended = requested.plus(Duration.ofMinutes(40));
            past = new DemoHandoffs.Past(
                    requested, null, null, null, null, null, ended, DemoHandoffs.Ending.UNANSWERED, 7);
        } else {
            Instant acked = requested.plus(minutes(ack));
            Instant enRoute = acked.plus(minutes(toRoad));
            Instant onScene = enRoute.plus(minutes(travel));
            int eta = (int) Math.max(3, Math.round(travel * (0.8 + 0.4 * random.nextDouble())));
            int step = backup ? 2 : ack > 3 ? 1 : 0;
            if (fate < 0.06) {
                past = new DemoHandoffs.Past(
                        requested,
                        acked,
                        responder,
                        eta,
                        enRoute,
                        null,
                        onScene.minus(Duration.ofMinutes(2)),
                        DemoHandoffs.Ending.PERSON_LEFT,
                        step);
            } else {
                past = new DemoHandoffs.Past(
                        requested,
                        acked,
                        responder,
                        eta,
                        enRoute,
                        onScene,
                        onScene.plus(minutes(stay)),
                        DemoHandoffs.Ending.HANDED_OFF,
                        step);
            }
        }
        handoffs.record(referralId, SITE, past);
    }

    /** The OWG decides at its next fortnightly meeting (Tuesdays); one after today stays pending. */
    private void review(UUID referralId, ZoneId zone, Instant created, SplittableRandom random, Instant now) {
        LocalDate day = created.atZone(zone).toLocalDate();
        LocalDate meeting = day.with(TemporalAdjusters.next(DayOfWeek.TUESDAY));
        if (meeting.toEpochDay() / 7 % 2 == 1) {
            meeting = meeting.plusWeeks(1);
        }
        Instant at = meeting.atTime(10, 0).atZone(zone).toInstant().plusSeconds(random.nextInt(3600));
        boolean approve = random.nextDouble() < 0.75;
        if (at.isAfter(now)) {
            return;
        }
        reviews.decide(
                referralId,
                approve,
                "OWG meeting (fictional)",
                approve ? "meets the program's criteria" : "outside the program's criteria",
                at);
    }

    private static Zone pick(SplittableRandom random) {
        double u = random.nextDouble();
        for (Zone zone : ZONES) {
            u -= zone.share();
            if (u < 0) {
                return zone;
            }
        }
        return ZONES.get(ZONES.size() - 1);
    }

    private static int poisson(SplittableRandom random, double mean) {
        double limit = Math.exp(-mean);
        double product = random.nextDouble();
        int n = 0;
        while (product > limit) {
            product *= random.nextDouble();
            n++;
        }
        return n;
    }

    private static double lognormal(SplittableRandom random, double median, double spread) {
        double u = 1 - random.nextDouble();
        double v = random.nextDouble();
        return median * Math.exp(spread * Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v));
    }

    private static Duration minutes(double minutes) {
        return Duration.ofMillis(Math.round(minutes * 60_000));
    }

    private static double round(double degrees) {
        return Math.round(degrees * 10_000) / 10_000.0;
    }
}
