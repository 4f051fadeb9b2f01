package org.doorway.audit;

import jakarta.servlet.http.HttpServletRequest;
import java.util.UUID;

/**
 * What a handler tells the access audit that only it knows, as request attributes read once the
 * handler has answered. Handlers that set nothing are recorded by their route alone
 * ({@link AuditedRoutes}).
 */
public final class AccessAudit {

    static final String FIELDS = AccessAudit.class.getName() + ".fields";
    static final String LINK = AccessAudit.class.getName() + ".link";

    private AccessAudit() {}

    /**
     * Which fields this answer carried (e.g. {@code "source view: outcome, tellReferrer, clock"}),
     * recorded instead of the route's general description. Names fields, never values.
     */
    public static void fields(HttpServletRequest request, String fields) {
        request.setAttribute(FIELDS, fields);
    }

    /**
     * The answer was given to whoever holds the one-tap link of page {@code pageId}, about
     * {@code referralId}: the link, not a signed-in account, is the actor.
     */
    public static void link(HttpServletRequest request, long pageId, UUID referralId) {
        request.setAttribute(LINK, new Link(pageId, referralId));
    }

    /** A page's one-tap link and the referral it is about. */
    record Link(long pageId, UUID referralId) {}
}
