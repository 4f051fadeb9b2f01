package org.doorway.intake;

/**
 * Who sent what is being taken in, carried on the exchange as {@link #PROPERTY}.
 *
 * @param site    the site the referrals belong to
 * @param channel how they arrived, recorded on each: {@code http:<source>} or {@code kafka:<topic>}
 */
public record IntakeSource(String site, String channel) {

    /** Exchange property holding the {@link IntakeSource}. */
    public static final String PROPERTY = "doorway.intake.source";

    /** Exchange property holding the original bytes, for dead letters. */
    public static final String ORIGINAL = "doorway.intake.original";
}
