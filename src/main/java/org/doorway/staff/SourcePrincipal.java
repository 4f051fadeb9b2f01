package org.doorway.staff;

/**
 * A system authenticated by its API key: which site it sends for, and its name there.
 *
 * @param site   the site the source belongs to
 * @param source the source's name, recorded on what it sends
 */
public record SourcePrincipal(String site, String source) {

    /** The request attribute under which an authenticated source is kept for Camel routes. */
    public static final String REQUEST_ATTRIBUTE = SourcePrincipal.class.getName();
}
