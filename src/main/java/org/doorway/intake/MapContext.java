package org.doorway.intake;

import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Objects;
import java.util.function.Function;
import org.doorway.referral.Door;

/**
 * What the Open311, NIBRS and CSV mappers need to know besides the body itself.
 *
 * @param site        the LEAD site the referrals belong to
 * @param receivedAt  when Doorway received the body
 * @param source      the kind of feed recorded on each referral ({@code open311}, {@code nibrs}, or a
 *                    CSV mapping's own source name such as {@code seattle-spd})
 * @param doorForCode the site policy's door for a call type, service code or charge code
 *                    ({@code null} when the record has none); used unless the format itself says the
 *                    door. Should not return {@code null}; if it does, the referral takes
 *                    {@link Door#COMMUNITY}, the door with no exclusions and no arrest
 * @param timeZone    the site's time zone: date-only values (a NIBRS arrest date) and date-times
 *                    without an offset are read in it. CSV mappings name their own zone instead
 */
public record MapContext(
        String site, Instant receivedAt, String source, Function<String, Door> doorForCode, ZoneId timeZone) {

    public MapContext {
        Objects.requireNonNull(site, "site");
        Objects.requireNonNull(receivedAt, "receivedAt");
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(doorForCode, "doorForCode");
        Objects.requireNonNull(timeZone, "timeZone");
    }

    /**
     * A context whose site time zone is UTC. Prefer the five-argument form with the site's own zone
     * ({@code Site.timeZone()}): a NIBRS arrest date is a calendar day in the agency's zone.
     */
    public MapContext(String site, Instant receivedAt, String source, Function<String, Door> doorForCode) {
        this(site, receivedAt, source, doorForCode, ZoneOffset.UTC);
    }

    /** The site policy's door for {@code code}, never {@code null}. */
    public Door doorFor(String code) {
        Door door = doorForCode.apply(code);
        return door == null ? Door.COMMUNITY : door;
    }
}
