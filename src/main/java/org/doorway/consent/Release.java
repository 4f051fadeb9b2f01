package org.doorway.consent;

import java.time.LocalDate;
import java.util.UUID;

/**
 * What a party outside the LEAD team may be told about a participant under a live release of
 * information, built from this allow-list only: which release allows it, the program status (when
 * the release's scope includes it), the fact that the person receives substance-use services
 * through the program (when it includes Part 2 information), and the redisclosure notice that must
 * travel with anything that reveals participation in the program. Nothing here is given without a
 * live release naming the party; {@code docs/privacy.md} lists these fields.
 *
 * @param consentId          the release that allows this disclosure
 * @param party              the party it is disclosed to, as the release names it
 * @param programStatus      {@code ACTIVE} or {@code INACTIVE} when program status is in scope; else {@code null}
 * @param substanceUse       when Part 2 information is in scope, the statement that the person receives
 *                           substance-use disorder services through the program; else {@code null}
 * @param redisclosureNotice the 42 CFR 2.32 notice that must accompany the disclosure
 * @param validUntil         the last day the release allows anything
 */
public record Release(
        UUID consentId,
        String party,
        String programStatus,
        String substanceUse,
        String redisclosureNotice,
        LocalDate validUntil) {

    /** The statement disclosed under a substance-use scope: all Doorway knows is participation. */
    public static final String SUBSTANCE_USE_STATEMENT =
            "This person takes part in the LEAD program, which provides substance-use disorder services.";

    /**
     * The redisclosure notice (42 CFR 2.32), in Doorway's words: the information comes from records
     * federal law protects, may not be passed on without the person's written consent or as the
     * regulation allows, and may not be used to investigate or prosecute them for a crime.
     */
    public static final String REDISCLOSURE_NOTICE = "This information has been disclosed to you from records"
            + " protected by federal confidentiality rules (42 CFR part 2). Those rules prohibit you from making"
            + " any further disclosure of information that identifies a person as having or having had a"
            + " substance use disorder, unless the person has given written consent that allows it or 42 CFR"
            + " part 2 otherwise permits it. A general authorization to release medical or other information"
            + " is not sufficient for this purpose. The rules restrict any use of this information to"
            + " investigate or prosecute the person for a crime, or to bring criminal charges against them"
            + " (42 CFR 2.12(c)(5) and 2.65).";
}
