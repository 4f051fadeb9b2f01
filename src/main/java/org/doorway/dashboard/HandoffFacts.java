package org.doorway.dashboard;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.doorway.dashboard.report.Range;
import org.doorway.staff.Viewer;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * Warm handoffs as the dashboard reads them: each handoff's clock (as corrected, when an
 * administrator corrected it) with its referral's site, door and zone, narrowed to what the
 * viewer may see (their site; a case manager's own; a dispatcher's own source).
 */
@Repository
class HandoffFacts {

    /** States of a handoff still under way. */
    static final List<String> OPEN_STATES = List.of("PAGING", "ACKNOWLEDGED", "EN_ROUTE", "ON_SCENE");

    private final JdbcClient db;

    HandoffFacts(JdbcClient db) {
        this.db = db;
    }

    /**
     * The provider channels down now, as the banner says them ("text messages since 03:12 UTC"),
     * oldest first; empty while the provider works. Pages of a channel that is down wait and go
     * out when it returns.
     */
    List<String> providerOutages() {
        return db.sql("""
                        select case channel when 'SMS' then 'text messages' else 'phone calls' end
                               || ' since ' || to_char(opened_at at time zone 'UTC', 'HH24:MI') || ' UTC'
                        from provider_outage where closed_at is null order by opened_at""").query(String.class).list();
    }

    /**
     * One handoff.
     *
     * @param referralId     the referral
     * @param shortRef       its short reference
     * @param site           its site
     * @param door           its door
     * @param zone           the beat, precinct or dispatch zone the source gave, or {@code null}
     * @param state          the handoff's state
     * @param requestedAt    the request reached Doorway: the start of the clock
     * @param acknowledgedAt a case manager said they are coming, or {@code null}
     * @param onSceneAt      they arrived, or {@code null}
     * @param handedOffAt    the person was handed over, or {@code null}
     * @param closedAt       it ended, or {@code null}
     * @param responderId    who has it, or {@code null}
     * @param etaMinutes     the ETA they gave, or {@code null}
     * @param corrected      whether an administrator corrected any of its moments
     */
    record Row(
            UUID referralId,
            String shortRef,
            String site,
            String door,
            String zone,
            String state,
            Instant requestedAt,
            Instant acknowledgedAt,
            Instant onSceneAt,
            Instant handedOffAt,
            Instant closedAt,
            String responderId,
            Integer etaMinutes,
            boolean corrected) {

        /** Seconds from the request to acknowledgement, or {@code null} if never acknowledged. */
        Double toAcknowledged() {
            return seconds(acknowledgedAt);
        }

        /** Seconds from the request to arrival on scene, or {@code null} if nobody arrived. */
        Double toOnScene() {
            return seconds(onSceneAt);
        }

        private Double seconds(Instant at) {
            return at == null ? null : Duration.between(requestedAt, at).toMillis() / 1000.0;
        }

        /**
         * Whether the handoff missed its target: nobody was on scene within {@code target} of the
         * request, and the target moment has passed by {@code now}. A handoff that ended (cancelled,
         * person left) before the target moment without anyone on scene did not miss it: there was
         * nothing left to reach.
         */
        boolean breached(Duration target, Instant now) {
            Instant due = requestedAt.plus(target);
            if (onSceneAt != null) {
                return onSceneAt.isAfter(due);
            }
            if (closedAt != null && !closedAt.isAfter(due)) {
                return false;
            }
            return now.isAfter(due);
        }

        /** Whether it is still under way. */
        boolean open() {
            return OPEN_STATES.contains(state);
        }
    }

    private static final String SELECT = """
            select h.referral_id, r.short_ref, h.site, r.door, nullif(trim(r.body->'location'->>'zone'), ''), h.state,
                   h.requested_at, h.acknowledged_at, h.on_scene_at, h.handed_off_at, h.closed_at, h.responder_id,
                   h.eta_minutes, exists (select 1 from handoff_correction c where c.referral_id = h.referral_id)
            from handoff h join referral r on r.id = h.referral_id
            """;

    /** The handoffs requested within the range, of one site or all ({@code site} null), as the viewer may see them. */
    List<Row> requested(Range range, String site, Viewer viewer) {
        return db.sql(SELECT + " where h.requested_at >= :from and h.requested_at < :to and " + Scope.HANDOFF
                        + " order by h.requested_at, h.referral_id")
                .paramSource(Scope.params(site, viewer)
                        .addValue("from", Timestamp.from(range.from()))
                        .addValue("to", Timestamp.from(range.to())))
                .query(HandoffFacts::row)
                .list();
    }

    /** The handoffs still under way, oldest first, as the viewer may see them. */
    List<Row> open(String site, Viewer viewer) {
        return db.sql(SELECT + " where h.state in ('PAGING', 'ACKNOWLEDGED', 'EN_ROUTE', 'ON_SCENE') and "
                        + Scope.HANDOFF + " order by h.requested_at, h.referral_id")
                .paramSource(Scope.params(site, viewer))
                .query(HandoffFacts::row)
                .list();
    }

    /** One handoff, if the viewer may see it. */
    Optional<Row> find(UUID referralId, Viewer viewer) {
        return db.sql(SELECT + " where h.referral_id = :id and " + Scope.HANDOFF)
                .paramSource(Scope.params(viewer.site(), viewer).addValue("id", referralId))
                .query(HandoffFacts::row)
                .optional();
    }

    /** The database's clock ({@code doorway_now()}), which every timer reads. */
    Instant now() {
        return db.sql("select doorway_now()").query(Timestamp.class).single().toInstant();
    }

    private static Row row(ResultSet rs, int n) throws SQLException {
        return new Row(
                rs.getObject(1, UUID.class),
                rs.getString(2),
                rs.getString(3),
                rs.getString(4),
                rs.getString(5),
                rs.getString(6),
                instant(rs, 7),
                instant(rs, 8),
                instant(rs, 9),
                instant(rs, 10),
                instant(rs, 11),
                rs.getString(12),
                (Integer) rs.getObject(13),
                rs.getBoolean(14));
    }

    static Instant instant(ResultSet rs, int column) throws SQLException {
        Timestamp t = rs.getTimestamp(column);
        return t == null ? null : t.toInstant();
    }
}
