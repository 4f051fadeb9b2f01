package org.doorway.site;

import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * One LEAD site as its configuration describes it: who is on call, how pages escalate, and how its
 * sources map to doors. Read from {@code site.yaml}; see the demo site for a commented example. The
 * site's triage policy ({@code policy.yaml} or {@code policies/*.yaml} beside it) is read by the
 * triage package, which owns it.
 *
 * @param id           short identifier used in URLs and records
 * @param name         the site's public name
 * @param timeZone     the site's time zone, for rotations and operating hours
 * @param caseManagers the case managers who can be paged, by id
 * @param paging       escalation and the on-call rotation
 * @param apiKeys      the intake keys of the site's sources, as SHA-256 hashes
 */
public record Site(
        String id,
        String name,
        ZoneId timeZone,
        Map<String, CaseManager> caseManagers,
        Paging paging,
        List<ApiKey> apiKeys) {

    public Site {
        caseManagers = Map.copyOf(caseManagers);
        apiKeys = List.copyOf(apiKeys);
    }

    /** The case manager with this id, if the site has one. */
    public Optional<CaseManager> caseManager(String id) {
        return Optional.ofNullable(caseManagers.get(id));
    }

    /**
     * Someone who can be paged.
     *
     * @param id    stable identifier
     * @param name  display name (shown to the officer and in Doorway, never in another person's SMS)
     * @param phone E.164 mobile number
     */
    public record CaseManager(String id, String name, String phone) {}

    /**
     * How a handoff escalates until someone acknowledges it.
     *
     * @param ackTimeout how long a page waits for an acknowledgement before the next person is paged
     * @param rounds     how many times the rotation is walked before the handoff is marked unanswered
     * @param rotation   who is on call when
     */
    public record Paging(java.time.Duration ackTimeout, int rounds, Rotation rotation) {}

    /**
     * A source allowed to send referrals to this site over HTTP.
     *
     * @param source the source's name, recorded on each referral it sends
     * @param sha256 the hex SHA-256 of its API key (the key itself is never stored)
     */
    public record ApiKey(String source, String sha256) {}
}
