package org.doorway.site;

import java.time.Instant;
import java.time.ZoneId;
import java.util.Collections;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.doorway.referral.Door;

/**
 * One LEAD site as its configuration describes it: who can be paged, who is on call when, how
 * pages escalate, the officers who refer, and the systems that send referrals. Read from
 * {@code site.yaml} (see {@code docs/schedules.md} and the demo site for a commented example). The
 * site's triage policy ({@code policy.yaml} or {@code policies/*.yaml} beside it) is read by the
 * triage package, which owns it.
 *
 * @param id              short identifier used in URLs and records
 * @param name            the site's public name
 * @param timeZone        the site's time zone, for rotations (unless a layer has its own) and
 *                        operating hours
 * @param caseManagers    the case managers who can be paged, by id, in file order
 * @param schedules       the on-call layers by name, in file order
 * @param escalation      the escalation policy of every door without its own
 * @param doorEscalations the doors with a policy of their own
 * @param officers        the officers' roster
 * @param sources         the systems that send referrals, in file order
 * @param administratorPhone the E.164 number of the site's administrator ({@code administrator.phone}),
 *                        texted when a watched feed goes silent and when it recovers; {@code null}
 *                        when the site names none (the dashboard still shows it)
 * @param pace            the site's own pace windows for its phones; unset parts use Doorway's
 *                        defaults ({@code doorway.paging.pace.*})
 */
public record Site(
        String id,
        String name,
        ZoneId timeZone,
        Map<String, CaseManager> caseManagers,
        Map<String, Schedule> schedules,
        EscalationPolicy escalation,
        Map<Door, EscalationPolicy> doorEscalations,
        List<Officer> officers,
        List<Source> sources,
        String administratorPhone,
        Pace pace) {

    /** A site whose administrator has no phone here, on Doorway's default pace. */
    public Site(
            String id,
            String name,
            ZoneId timeZone,
            Map<String, CaseManager> caseManagers,
            Map<String, Schedule> schedules,
            EscalationPolicy escalation,
            Map<Door, EscalationPolicy> doorEscalations,
            List<Officer> officers,
            List<Source> sources) {
        this(id, name, timeZone, caseManagers, schedules, escalation, doorEscalations, officers, sources, null, null);
    }

    public Site {
        pace = pace == null ? Pace.DEFAULTS : pace;
        caseManagers = Collections.unmodifiableMap(new LinkedHashMap<>(caseManagers));
        schedules = Collections.unmodifiableMap(new LinkedHashMap<>(schedules));
        doorEscalations =
                doorEscalations.isEmpty() ? Map.of() : Collections.unmodifiableMap(new EnumMap<>(doorEscalations));
        officers = List.copyOf(officers);
        sources = List.copyOf(sources);
        if (escalation == null) {
            throw new IllegalArgumentException("a site needs an escalation policy");
        }
    }

    /**
     * A site's pace windows ({@code pace} in site.yaml): how often its phones may be texted and
     * called. Each part is {@code null} where the site keeps Doorway's default.
     *
     * @param textsPerPhone most texts one phone gets within {@code textWindow}
     * @param textWindow    the window those texts are counted in
     * @param callGap       the least time between two calls to one phone
     */
    public record Pace(Integer textsPerPhone, java.time.Duration textWindow, java.time.Duration callGap) {
        /** Every part Doorway's default. */
        public static final Pace DEFAULTS = new Pace(null, null, null);
    }

    /**
     * This site with more overrides applied after each layer's own, by layer name; names of layers
     * the site does not have are ignored.
     */
    Site withOverrides(Map<String, List<ScheduleOverride>> more) {
        if (more.isEmpty()) {
            return this;
        }
        Map<String, Schedule> layers = new LinkedHashMap<>();
        schedules.forEach(
                (name, schedule) -> layers.put(name, schedule.withOverrides(more.getOrDefault(name, List.of()))));
        return new Site(
                id,
                name,
                timeZone,
                caseManagers,
                layers,
                escalation,
                doorEscalations,
                officers,
                sources,
                administratorPhone,
                pace);
    }

    /** The case manager with this id, if the site has one. */
    public Optional<CaseManager> caseManager(String id) {
        return Optional.ofNullable(caseManagers.get(id));
    }

    /** The escalation policy for referrals through {@code door}: the door's own, else the site's. */
    public EscalationPolicy escalation(Door door) {
        return doorEscalations.getOrDefault(door, escalation);
    }

    /** The case manager on call in {@code layer} at {@code at}; empty if nobody is or there is no such layer. */
    public Optional<CaseManager> onCall(String layer, Instant at) {
        Schedule schedule = schedules.get(layer);
        return schedule == null ? Optional.empty() : schedule.onCall(at).flatMap(this::caseManager);
    }

    /** The officer a source's identifier (an EIDO agent id, a badge number) names, ignoring case. */
    public Optional<Officer> officerFor(String agentId) {
        return officers.stream().filter(o -> o.isKnownAs(agentId)).findFirst();
    }

    /** The administrator's phone, if the site names one. */
    public Optional<String> administrator() {
        return Optional.ofNullable(administratorPhone);
    }

    /** The source with this name (as recorded on referrals), if the site has one. */
    public Optional<Source> source(String name) {
        return sources.stream().filter(s -> s.name().equals(name)).findFirst();
    }

    /**
     * The intake keys of the site's sources that have one, as SHA-256 hashes: each source's key,
     * and its previous key while one is being rotated.
     */
    public List<ApiKey> apiKeys() {
        return sources.stream()
                .filter(s -> s.apiKeySha256() != null)
                .flatMap(s -> java.util.stream.Stream.of(s.apiKeySha256(), s.previousApiKeySha256())
                        .filter(java.util.Objects::nonNull)
                        .map(hash -> new ApiKey(s.name(), hash)))
                .toList();
    }

    /**
     * Someone who can be paged.
     *
     * @param id         stable identifier
     * @param name       display name (shown to the officer and in Doorway, never in another person's SMS)
     * @param phone      E.164 mobile number
     * @param active     whether they may be on call ({@code active: false} keeps them on record, in
     *                   no layer)
     * @param shiftTexts whether they asked for a text when their shift starts and when their coming
     *                   shifts change ({@code shift-texts: true})
     */
    public record CaseManager(String id, String name, String phone, boolean active, boolean shiftTexts) {

        /** An active case manager who asked for no shift texts. */
        public CaseManager(String id, String name, String phone) {
            this(id, name, phone, true, false);
        }
    }

    /**
     * A source allowed to send referrals to this site over HTTP.
     *
     * @param source the source's name, recorded on each referral it sends
     * @param sha256 the hex SHA-256 of its API key (the key itself is never stored)
     */
    public record ApiKey(String source, String sha256) {}
}
