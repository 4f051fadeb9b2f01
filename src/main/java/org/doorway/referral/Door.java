package org.doorway.referral;

/**
 * The three ways into a LEAD program (DOMAIN.md, "The three doors").
 *
 * <p>Exclusion criteria apply to {@link #ARREST_DIVERSION} only; the other two doors carry no
 * automatic criminal-history exclusion.
 */
public enum Door {
    /** An officer has probable cause for a divertible charge and diverts instead of booking. */
    ARREST_DIVERSION,
    /** An officer refers someone without an arrest; declining has no consequence. */
    SOCIAL_CONTACT,
    /** Dispatch (911, 988, 311), a partner agency, or a resident or business. */
    COMMUNITY
}
