package org.doorway.consent;

import java.sql.Array;
import java.sql.Date;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * The releases of information: recording, revoking, and the one question every disclosure asks
 * ({@link #release}). Days are the database clock's ({@code doorway_now()}, UTC), so what is live
 * is the same for every instance.
 */
@Repository
public class Consents {

    private final JdbcClient db;

    Consents(JdbcClient db) {
        this.db = db;
    }

    /** Today, by the database's clock. */
    public LocalDate today() {
        return db.sql("select doorway_now()")
                .query(Timestamp.class)
                .single()
                .toInstant()
                .atZone(ZoneOffset.UTC)
                .toLocalDate();
    }

    /** Records a release for a participant of {@code site}; the caller has checked its fields. */
    Consent record(
            UUID participantId,
            String site,
            List<String> parties,
            boolean substanceUse,
            boolean programStatus,
            LocalDate signedOn,
            LocalDate expiresOn,
            String by) {
        UUID id = UUID.randomUUID();
        db.sql("""
                        insert into consent (id, participant_id, site, parties, substance_use, program_status,
                                             signed_on, expires_on, recorded_by)
                        values (?, ?, ?, ?::text[], ?, ?, ?, ?, ?)""")
                .params(
                        id,
                        participantId,
                        site,
                        toArray(parties),
                        substanceUse,
                        programStatus,
                        Date.valueOf(signedOn),
                        Date.valueOf(expiresOn),
                        by)
                .update();
        return find(id).orElseThrow();
    }

    /**
     * Revokes a release as of {@code on}; a release already revoked keeps its first revocation.
     *
     * @return the release as it now stands, or empty when there is none with this id
     */
    Optional<Consent> revoke(UUID id, LocalDate on, String by) {
        db.sql("""
                        update consent set revoked_on = ?, revoked_at = doorway_now(), revoked_by = ?
                        where id = ? and revoked_at is null""").params(Date.valueOf(on), by, id).update();
        return find(id);
    }

    /** The release with this id. */
    public Optional<Consent> find(UUID id) {
        return db.sql(SELECT + " where id = ?")
                .param(id)
                .query(Consents::consent)
                .optional();
    }

    /** A participant's releases, newest first. */
    public List<Consent> of(UUID participantId) {
        return db.sql(SELECT + " where participant_id = ? order by recorded_at desc, id")
                .param(participantId)
                .query(Consents::consent)
                .list();
    }

    /** The site's live releases that expire within {@code days} days from today, soonest first. */
    public List<Consent> expiringSoon(String site, int days) {
        LocalDate today = today();
        return db.sql(SELECT
                        + " where site = ? and revoked_at is null and signed_on <= ?"
                        + " and expires_on between ? and ? order by expires_on, id")
                .params(site, Date.valueOf(today), Date.valueOf(today), Date.valueOf(today.plusDays(days)))
                .query(Consents::consent)
                .list();
    }

    /**
     * What {@code party} may be told today about the participant {@code participantId}: empty
     * unless one of the participant's live releases names the party with at least one scope. The
     * answer joins what every such release allows; it names the release that expires last.
     */
    public Optional<Release> release(UUID participantId, String party) {
        if (participantId == null || party == null || party.isBlank()) {
            return Optional.empty();
        }
        LocalDate today = today();
        List<Consent> allowing = of(participantId).stream()
                .filter(c -> c.allows(party, Consent.Scope.PROGRAM_STATUS, today)
                        || c.allows(party, Consent.Scope.SUBSTANCE_USE, today))
                .toList();
        if (allowing.isEmpty()) {
            return Optional.empty();
        }
        boolean status = allowing.stream().anyMatch(c -> c.allows(party, Consent.Scope.PROGRAM_STATUS, today));
        boolean part2 = allowing.stream().anyMatch(c -> c.allows(party, Consent.Scope.SUBSTANCE_USE, today));
        Consent longest = allowing.stream()
                .max(java.util.Comparator.comparing(Consent::expiresOn))
                .orElseThrow();
        String programStatus = status
                ? db.sql("select status from participant where id = ?")
                        .param(participantId)
                        .query(String.class)
                        .optional()
                        .orElse(null)
                : null;
        return Optional.of(new Release(
                longest.id(),
                longest.parties().stream()
                        .filter(p -> p.strip().equalsIgnoreCase(party.strip()))
                        .findFirst()
                        .orElse(party),
                programStatus,
                part2 ? Release.SUBSTANCE_USE_STATEMENT : null,
                Release.REDISCLOSURE_NOTICE,
                longest.expiresOn()));
    }

    private static final String SELECT = """
            select id, participant_id, site, parties, substance_use, program_status, signed_on, expires_on,
                   recorded_at, recorded_by, revoked_on, revoked_at, revoked_by
            from consent""";

    private static String toArray(List<String> parties) {
        StringBuilder out = new StringBuilder("{");
        for (int i = 0; i < parties.size(); i++) {
            if (i > 0) {
                out.append(',');
            }
            out.append('"')
                    .append(parties.get(i).replace("\\", "\\\\").replace("\"", "\\\""))
                    .append('"');
        }
        return out.append('}').toString();
    }

    private static Consent consent(ResultSet rs, int row) throws SQLException {
        Array parties = rs.getArray(4);
        Date revokedOn = rs.getDate(11);
        Timestamp revokedAt = rs.getTimestamp(12);
        return new Consent(
                rs.getObject(1, UUID.class),
                rs.getObject(2, UUID.class),
                rs.getString(3),
                List.copyOf(Arrays.asList((String[]) parties.getArray())),
                rs.getBoolean(5),
                rs.getBoolean(6),
                rs.getDate(7).toLocalDate(),
                rs.getDate(8).toLocalDate(),
                rs.getTimestamp(9).toInstant(),
                rs.getString(10),
                revokedOn == null ? null : revokedOn.toLocalDate(),
                revokedAt == null ? null : revokedAt.toInstant(),
                rs.getString(13));
    }
}
