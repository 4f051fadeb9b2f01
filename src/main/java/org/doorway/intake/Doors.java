package org.doorway.intake;

import java.time.Instant;
import org.doorway.referral.Door;
import org.doorway.triage.Triage;
import org.springframework.stereotype.Component;

/**
 * The door of a record whose format does not say it: what the site's policy in force routes its
 * call type, service code or charge code to. A code the policy does not route gets the community
 * door here (the door with no exclusions); triage then rejects it as not routed, before anything
 * is stored.
 */
@Component
public class Doors {

    private final Triage triage;

    Doors(Triage triage) {
        this.triage = triage;
    }

    public Door doorFor(String site, Instant at, String code) {
        Door door = triage.doorFor(site, at, code);
        return door == null ? Door.COMMUNITY : door;
    }

    /**
     * The referrer role the site's policy routes a call type or service code with, or {@code null}
     * when its routing entry names none (or it is not routed).
     */
    public String referrerRoleFor(String site, Instant at, String code) {
        return triage.referrerRoleFor(site, at, code);
    }
}
