package org.doorway.triage;

import java.util.Set;
import org.doorway.referral.Door;

/**
 * A resource from the site's own list, offered when a referral is not eligible for LEAD.
 *
 * @param name        what it is, e.g. a crisis line or a drop-in centre
 * @param contact     how to reach it (a phone number, an address, a web address), or {@code null}
 * @param description when it helps, or {@code null}
 * @param doors       the doors it is offered for; empty for every door
 */
public record Alternative(String name, String contact, String description, Set<Door> doors) {
    public Alternative {
        doors = doors == null ? Set.of() : Set.copyOf(doors);
    }
}
