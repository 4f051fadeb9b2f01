package org.doorway.dashboard;

import java.time.Instant;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.doorway.handoff.HandoffCorrections;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Corrections of a handoff's clock by a supervisor or administrator: a moment recorded wrongly (a
 * reply sent late from a dead zone) or never recorded (the case manager arrived but did not reply).
 * The handoff row takes the corrected value, so every report shows it; the value it replaced is kept
 * in {@code handoff_correction}, and a {@code CORRECTED} event (via {@code ADMIN}) records who and
 * why in the handoff's event log. The state is never changed: the clock's own steps do that.
 *
 * <p>A correction is refused when the time is in the future, when it would put the moments out of
 * order (requested ≤ acknowledged ≤ en route ≤ on scene ≤ handed off; requested ≤ paged ≤ delivered),
 * or when it fills in a moment of a handoff still under way (the clock records those as they happen).
 * The latency metric already exported to Prometheus is not changed.
 *
 * <p>This class checks the rules with the handoff's row locked; {@link HandoffCorrections} writes
 * the correction, in the same transaction (only package {@code handoff} writes its tables).
 */
@Repository
class Corrections {

    /** A moment of the clock that can be corrected, in the order of its column in {@code handoff}, and as stored. */
    enum Moment {
        REQUESTED(HandoffCorrections.Moment.REQUESTED),
        PAGED(HandoffCorrections.Moment.PAGED),
        DELIVERED(HandoffCorrections.Moment.DELIVERED),
        ACKNOWLEDGED(HandoffCorrections.Moment.ACKNOWLEDGED),
        EN_ROUTE(HandoffCorrections.Moment.EN_ROUTE),
        ON_SCENE(HandoffCorrections.Moment.ON_SCENE),
        HANDED_OFF(HandoffCorrections.Moment.HANDED_OFF);

        final HandoffCorrections.Moment stored;

        Moment(HandoffCorrections.Moment stored) {
            this.stored = stored;
        }

        /** The moment as people say it. */
        String words() {
            return name().toLowerCase(java.util.Locale.ROOT).replace('_', ' ');
        }
    }

    /** Why a correction was refused, in words naming the rule, never the values. */
    static final class Refused extends RuntimeException {
        Refused(String reason) {
            super(reason);
        }
    }

    /**
     * A correction as stored.
     *
     * @param moment      which moment
     * @param oldValue    the value it replaced, or {@code null} if it had not been recorded
     * @param newValue    the corrected value
     * @param reason      why, in the corrector's words
     * @param correctedBy who corrected it
     * @param correctedAt when
     */
    record Correction(
            Moment moment,
            Instant oldValue,
            Instant newValue,
            String reason,
            String correctedBy,
            Instant correctedAt) {}

    private final JdbcClient db;
    private final TransactionTemplate transaction;
    private final HandoffCorrections handoffs;

    Corrections(JdbcClient db, TransactionTemplate transaction, HandoffCorrections handoffs) {
        this.db = db;
        this.transaction = transaction;
        this.handoffs = handoffs;
    }

    /**
     * Corrects a moment, in its own transaction, the handoff's row locked meanwhile.
     *
     * @return the correction as stored, or empty when the referral has no handoff
     * @throws Refused when the correction breaks a rule above
     */
    Optional<Correction> correct(UUID referralId, Moment moment, Instant value, String reason, String by) {
        return transaction.execute(tx -> {
            Map<Moment, Instant> clock = new EnumMap<>(Moment.class);
            String[] state = new String[1];
            Instant[] now = new Instant[1];
            boolean found = db.sql("""
                            select state, requested_at, paged_at, delivered_at, acknowledged_at, en_route_at,
                                   on_scene_at, handed_off_at, doorway_now()
                            from handoff where referral_id = ? for update""")
                    .param(referralId)
                    .query((rs, n) -> {
                        state[0] = rs.getString(1);
                        Moment[] moments = Moment.values();
                        for (int i = 0; i < moments.length; i++) {
                            Instant at = HandoffFacts.instant(rs, i + 2);
                            if (at != null) {
                                clock.put(moments[i], at);
                            }
                        }
                        now[0] = HandoffFacts.instant(rs, 9);
                        return true;
                    })
                    .optional()
                    .isPresent();
            if (!found) {
                return Optional.<Correction>empty();
            }
            check(moment, value, clock, state[0], now[0]);
            Instant old = clock.get(moment);
            handoffs.correct(referralId, moment.stored, old, value, reason, by);
            return Optional.of(new Correction(moment, old, value, reason, by, now[0]));
        });
    }

    private static final List<List<Moment>> ORDER = List.of(
            List.of(Moment.REQUESTED, Moment.ACKNOWLEDGED, Moment.EN_ROUTE, Moment.ON_SCENE, Moment.HANDED_OFF),
            List.of(Moment.REQUESTED, Moment.PAGED, Moment.DELIVERED));

    private static void check(Moment moment, Instant value, Map<Moment, Instant> clock, String state, Instant now) {
        if (value.isAfter(now)) {
            throw new Refused("a corrected time cannot be in the future");
        }
        boolean underWay = HandoffFacts.OPEN_STATES.contains(state);
        if (underWay && !clock.containsKey(moment)) {
            throw new Refused("this handoff is still under way: its clock records this moment when it happens");
        }
        Map<Moment, Instant> after = new EnumMap<>(clock);
        after.put(moment, value);
        for (List<Moment> chain : ORDER) {
            Instant before = null;
            Moment beforeMoment = null;
            for (Moment m : chain) {
                Instant at = after.get(m);
                if (at == null) {
                    continue;
                }
                if (before != null && at.isBefore(before)) {
                    throw new Refused(m.words() + " cannot be before " + beforeMoment.words());
                }
                before = at;
                beforeMoment = m;
            }
        }
    }

    /** The corrections of a handoff, oldest first. */
    List<Correction> of(UUID referralId) {
        return db.sql("""
                        select moment, old_value, new_value, reason, corrected_by, corrected_at
                        from handoff_correction where referral_id = ? order by id""")
                .param(referralId)
                .query((rs, n) -> new Correction(
                        Moment.valueOf(rs.getString(1)),
                        HandoffFacts.instant(rs, 2),
                        HandoffFacts.instant(rs, 3),
                        rs.getString(4),
                        rs.getString(5),
                        HandoffFacts.instant(rs, 6)))
                .list();
    }
}
