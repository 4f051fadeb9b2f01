package org.doorway.triage;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * Each case manager's caseload (their active participants) against their site's limit: the
 * policy's {@code capacity.caseload-limit} (LEAD's 25 by default) and {@code capacity.ideal-caseload}
 * (15 by default), from the version in force now. A caseload above the limit is a warning, never a
 * refusal: nobody is left unpaged or unassigned because of it. Counts only, never who the
 * participants are.
 */
@Component
public class Caseloads {

    /** A site's limits when it has no policy in force (LEAD's: 25 at most, 15 ideally). */
    static final Limits DEFAULT = new Limits(25, 15);

    private final JdbcClient db;
    private final Policies policies;

    Caseloads(JdbcClient db, Policies policies) {
        this.db = db;
        this.policies = policies;
    }

    /**
     * A site's caseload limits.
     *
     * @param limit participants per case manager at most
     * @param ideal participants per case manager ideally
     */
    public record Limits(int limit, int ideal) {}

    /**
     * One case manager's caseload.
     *
     * @param caseManagerId their id in site.yaml
     * @param active        their active participants
     * @param limits        their site's limits
     */
    public record Caseload(String caseManagerId, int active, Limits limits) {

        /** Whether they carry more than the site's limit (a warning, not a refusal). */
        public boolean over() {
            return active > limits.limit();
        }

        /** Whether they carry more than the ideal but not more than the limit. */
        public boolean aboveIdeal() {
            return active > limits.ideal() && !over();
        }

        /** The warning staff are shown, or {@code null} when within the limit: counts only. */
        public String warning() {
            return over()
                    ? "Over the caseload limit: " + active + " active participants, the site's limit is "
                            + limits.limit() + "."
                    : null;
        }
    }

    /** The limits of {@code site}'s policy in force now, or LEAD's defaults when it has none. */
    public Limits limits(String site) {
        return policies.inForce(site, Instant.now())
                .map(p -> new Limits(p.capacity().caseloadLimit(), p.capacity().idealCaseload()))
                .orElse(DEFAULT);
    }

    /** The caseload of one case manager of {@code site}. */
    public Caseload of(String site, String caseManagerId) {
        int active =
                db.sql("""
                        select count(*) from participant
                        where site = ? and case_manager = ? and status = 'ACTIVE'""").params(site, caseManagerId).query(Integer.class).single();
        return new Caseload(caseManagerId, active, limits(site));
    }

    /** The caseload of one case manager, only when it is over the site's limit. */
    public Optional<Caseload> over(String site, String caseManagerId) {
        return Optional.of(of(site, caseManagerId)).filter(Caseload::over);
    }

    /** Active participants per case manager of {@code site} who has any (by case manager id). */
    public Map<String, Integer> active(String site) {
        Map<String, Integer> counts = new LinkedHashMap<>();
        db.sql("""
                        select case_manager, count(*) from participant
                        where site = ? and status = 'ACTIVE' group by case_manager order by case_manager""")
                .param(site)
                .query((rs, n) -> counts.put(rs.getString(1), rs.getInt(2)))
                .list();
        return counts;
    }
}
