package org.doorway.staff;

import java.util.UUID;
import org.doorway.referral.ReferralStore;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.authentication.AnonymousAuthenticationToken;
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
 *   <li>a supervisor or administrator of the referral's site (or of every site): {@link Level#FULL};</li>
 *   <li>a PCG viewer, and anyone else: {@link Level#NONE} (aggregates only).</li>
 * </ul>
 */
@Component
public class ReferralAccess {

    /** What may be shown. */
    public enum Level {
        NONE,
        STATUS,
        FULL
    }

    private final StaffAccounts staff;
    private final JdbcClient db;

    ReferralAccess(StaffAccounts staff, JdbcClient db) {
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
        if (user == null || !user.isAuthenticated() || user instanceof AnonymousAuthenticationToken) {
            return Level.NONE;
        }
        StaffAccounts.Staff person = staff.find(user.getName()).orElse(null);
        StaffRole role = person != null ? person.role() : roleOf(user);
        if (role == null || person != null && (person.disabled() || !person.covers(referral.site()))) {
            return Level.NONE;
        }
        return switch (role) {
            case ADMIN, SUPERVISOR -> Level.FULL;
            case DISPATCHER ->
                person != null && ("http:" + person.source()).equals(referral.channel()) ? Level.STATUS : Level.NONE;
            case CASE_MANAGER ->
                person != null && person.caseManagerId() != null && involved(referral.id(), person.caseManagerId())
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

    private static StaffRole roleOf(Authentication user) {
        for (StaffRole role : StaffRole.values()) {
            if (user.getAuthorities().stream().anyMatch(a -> a.getAuthority().equals(role.authority()))) {
                return role;
            }
        }
        return null;
    }
}
