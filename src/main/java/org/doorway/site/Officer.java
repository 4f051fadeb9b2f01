package org.doorway.site;

import java.util.List;
import java.util.Locale;

/**
 * A police officer on the site's roster, so that the officer who referred someone can be told by
 * SMS who is coming.
 *
 * @param id       stable identifier within the site
 * @param name     display name
 * @param phone    E.164 mobile number
 * @param agentIds the identifiers sources use for this officer (an EIDO agent id such as
 *                 {@code officer.4471@police.demo.example}, a badge number); never empty
 */
public record Officer(String id, String name, String phone, List<String> agentIds) {

    public Officer {
        agentIds = List.copyOf(agentIds);
    }

    /** Whether a source's identifier names this officer: the same text, ignoring case and surrounding blanks. */
    public boolean isKnownAs(String agentId) {
        if (agentId == null) {
            return false;
        }
        String wanted = normalise(agentId);
        return agentIds.stream().anyMatch(known -> normalise(known).equals(wanted));
    }

    static String normalise(String agentId) {
        return agentId.strip().toLowerCase(Locale.ROOT);
    }
}
