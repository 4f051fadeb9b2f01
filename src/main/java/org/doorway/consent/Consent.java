package org.doorway.consent;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Locale;
import java.util.UUID;

/**
 * A participant's release of information as recorded.
 *
 * @param id            its id
 * @param participantId whose release it is
 * @param site          the participant's site
 * @param parties       who may receive (party ids or names, as the site writes them on the form)
 * @param substanceUse  whether substance-use information (42 CFR Part 2) may be shared
 * @param programStatus whether general program status (enrolled, active or not) may be shared
 * @param signedOn      the day the participant signed it
 * @param expiresOn     the last day it allows anything
 * @param recordedAt    when staff recorded it
 * @param recordedBy    who recorded it
 * @param revokedOn     the day the participant revoked it, or {@code null}
 * @param revokedAt     when the revocation was recorded, or {@code null}
 * @param revokedBy     who recorded the revocation, or {@code null}
 */
public record Consent(
        UUID id,
        UUID participantId,
        String site,
        List<String> parties,
        boolean substanceUse,
        boolean programStatus,
        LocalDate signedOn,
        LocalDate expiresOn,
        Instant recordedAt,
        String recordedBy,
        LocalDate revokedOn,
        Instant revokedAt,
        String revokedBy) {

    /** What a release may allow to be shared. */
    public enum Scope {
        /** Substance-use information: 42 CFR Part 2, needs the redisclosure notice. */
        SUBSTANCE_USE,
        /** General program status: enrolled, active or inactive. */
        PROGRAM_STATUS
    }

    /**
     * Whether this release lets {@code party} receive {@code scope} on {@code today}: it names the
     * party (ignoring case and surrounding spaces), covers the scope, has been signed by then, has not
     * expired (the expiry day itself still counts) and has not been revoked. A revocation stops
     * everything from the moment it is recorded, whatever day it is dated.
     */
    public boolean allows(String party, Scope scope, LocalDate today) {
        if (party == null || party.isBlank() || revokedAt != null || revokedOn != null) {
            return false;
        }
        if (today.isBefore(signedOn) || today.isAfter(expiresOn)) {
            return false;
        }
        boolean covered = switch (scope) {
            case SUBSTANCE_USE -> substanceUse;
            case PROGRAM_STATUS -> programStatus;
        };
        return covered && names(party);
    }

    /** Whether the release is in force on {@code today} (signed, not expired, not revoked). */
    public boolean live(LocalDate today) {
        return revokedAt == null && revokedOn == null && !today.isBefore(signedOn) && !today.isAfter(expiresOn);
    }

    /** Whether {@code party} is one of the release's parties. */
    public boolean names(String party) {
        String wanted = normal(party);
        return parties.stream().map(Consent::normal).anyMatch(wanted::equals);
    }

    private static String normal(String party) {
        return party == null ? "" : party.strip().toLowerCase(Locale.ROOT);
    }
}
