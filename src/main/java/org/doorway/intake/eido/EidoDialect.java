package org.doorway.intake.eido;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * The two shapes of EIDO JSON that Doorway accepts, and the member names that differ between them.
 *
 * <ul>
 *   <li>{@link #STA_021_1B}: the published standard NENA-STA-021.1b (and 1.1 drafts, which keep
 *       these names).
 *   <li>{@link #DRAFT_2020}: the pre-standard draft NENA published as its sample in 2020:
 *       capitalised {@code EIDOVersion}, {@code LastUpdateTimeStamp}, {@code OwningAgencyIdentifier},
 *       {@code UpdatedByAgentIdentifier}; {@code incidentTrackingIdentifier} for the incident;
 *       {@code locationInformationComponent} for locations; an {@code incidentComponent} array.
 * </ul>
 */
enum EidoDialect {
    STA_021_1B("eidoVersion", "lastUpdateTimeStamp", "locationComponent"),
    DRAFT_2020("EIDOVersion", "LastUpdateTimeStamp", "locationInformationComponent");

    /** The warning every draft document gets. */
    static final String DRAFT_WARNING = "pre-standard EIDO draft (2020): mapped by its draft field names;"
            + " ask the sender to move to NENA-STA-021.1b";

    private final String versionField;
    private final String lastUpdateField;
    private final String locationList;

    EidoDialect(String versionField, String lastUpdateField, String locationList) {
        this.versionField = versionField;
        this.lastUpdateField = lastUpdateField;
        this.locationList = locationList;
    }

    /**
     * The dialect of a document: the 2020 draft when it has no {@code eidoVersion} but one of the
     * draft's own members; otherwise the standard.
     */
    static EidoDialect of(JsonNode root) {
        boolean draftMarks = root.has("EIDOVersion")
                || root.has("LastUpdateTimeStamp")
                || root.has("OwningAgencyIdentifier")
                || root.has("locationInformationComponent");
        return !root.has("eidoVersion") && draftMarks ? DRAFT_2020 : STA_021_1B;
    }

    /** The member holding the EIDO version. */
    String versionField() {
        return versionField;
    }

    /** The member holding a component's last update time. */
    String lastUpdateField() {
        return lastUpdateField;
    }

    /** The top-level list holding location components. */
    String locationList() {
        return locationList;
    }
}
