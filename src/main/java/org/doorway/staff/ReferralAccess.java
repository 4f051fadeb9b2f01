package org.doorway.staff;

import java.util.UUID;
import org.doorway.referral.ReferralStore;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.core.Authentication;
import org.springframework.stereotype.Component;

/**
 * How much of a referral someone may see, by who they are (DOMAIN.md: minimum necessary).
 * <ul>
 *   <li>The source that sent it (by API key), and a dispatcher following that source:
 *       {@link Level#STATUS} for the dispatcher (decision and clock, not the people), the source
 *       its own data ({@link Level#FULL});</li>
 *   <li>a case manager: {@link Level#FULL} for handoffs they were paged for, have, or whose
 *       participant is theirs; nothing else;</li>
 *   <li>a supervisor, administrator or OWG member of the referral's site (or a supervisor or
 *       administrator of every site): {@link Level#FULL};</li>
 *   <li>a PCG viewer, and anyone else: {@link Level#NONE} (aggregates only).</li>
 * </ul>
 * Staff are found by {@link StaffMembers}: an identity-provider user by the role and site their
 * groups map to, never by an account that happens to share their name.
 */
@Component
public class ReferralAccess {

    /** What may be shown. */
    public enum Level {
        NONE,
        STATUS,
        FULL
    }

    private final StaffMembers staff;
    private final JdbcClient db;

    ReferralAccess(StaffMembers staff, JdbcClient db) {
        this.staff = staff;
        this.db = db;
    }

    /** What the caller may see of this stored referral. */
    public Level level(Object sourceAttribute, Authentication user, ReferralStore.Stored referral) {
        if (sourceAttribute instanceof SourcePrincipal source) {
            return source.site().equals(referral.site()) && ("http:" + source.source()).equals(referral.channel())
                    ? Level.FULL
                    : Level.NONE;
        }
        StaffAccounts.Staff person = staff.of(user).orElse(null);
        if (person == null || !person.covers(referral.site())) {
            return Level.NONE;
        }
        return switch (person.role()) {
            case ADMIN, SUPERVISOR, OWG_MEMBER -> Level.FULL;
            case DISPATCHER ->
                person.source() != null && ("http:" + person.source()).equals(referral.channel())
                        ? Level.STATUS
                        : Level.NONE;
            case CASE_MANAGER ->
                person.caseManagerId() != null && involved(referral.id(), person.caseManagerId())
                        ? Level.FULL
                        : Level.NONE;
            case PCG_VIEWER -> Level.NONE;
        };
    }

    private boolean involved(UUID referral, String caseManagerId) {
        return db.sql("""
                        select exists (select 1 from page where referral_id = ? and recipient_id = ?)
                            or exists (select 1 from handoff where referral_id = ?
                                         and (responder_id = ? or own_case_manager = ?))""")
                .params(referral, caseManagerId, referral, caseManagerId, caseManagerId)
                .query(Boolean.class)
                .single();
    }
}
