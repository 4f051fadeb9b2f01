package org.doorway.intake.nibrs;

import java.io.ByteArrayInputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.doorway.intake.IntakeRecord;
import org.doorway.intake.InvalidReferralException;
import org.doorway.intake.MapContext;
import org.doorway.intake.SafeXml;
import org.doorway.referral.Door;
import org.doorway.referral.Referral;
import org.w3c.dom.Element;

/**
 * Maps a police RMS export in the FBI's NIBRS XML format (IEPD 4.2 and its successors, which keep
 * the element names) to one {@link IntakeRecord} per arrest: each arrest diverted to LEAD instead of
 * being booked.
 *
 * <p>A document is an {@code nibrs:Submission} (or a bare {@code nibrs:Report}) holding reports.
 * Group B arrest reports carry an arrest ({@code j:Arrest}) and its arrestee ({@code j:Arrestee}, a
 * role of an {@code nc:Person}); Group A incident reports carry any number of them. Each arrest is
 * paired with its arrestee through {@code j:ArrestSubjectAssociation}; an arrest no association
 * names is paired with the report's only arrestee, if it has exactly one. Each pair is a record,
 * numbered across the whole document ({@code Position.index}).
 *
 * <h2>What goes where ({@link NibrsArrest})</h2>
 * <ul>
 *   <li>{@code door}: always {@link Door#ARREST_DIVERSION}: the format says it, whatever the site's
 *       code mapping would.
 *   <li>{@code source}: from the {@link MapContext} ({@code nibrs}).
 *   <li>{@code sourceId}: {@code ORI:ATN:sequence} — the reporting agency's ORI (element 1), the
 *       arrest transaction number (element 41) and the arrestee sequence number (element 40, left out
 *       when absent). An ATN is unique within its agency; the sequence number tells apart arrestees
 *       of one incident. ORI and ATN are required.
 *   <li>{@code occurredAt}: the arrest date (element 42). A date alone is the start of that day in
 *       the site's time zone, with a warning; a date-time without offset is read in that zone.
 *   <li>{@code charges}: every {@code j:ArrestCharge} UCR arrest offence code (element 45), code
 *       system {@code UCR}, described from {@link NibrsCodes#UCR_OFFENCES}.
 *   <li>{@code persons}: the arrestee, role {@code Arrestee}: given and family name and birth date
 *       when present (NIBRS itself carries none), race, ethnicity and sex in words.
 *   <li>{@code referrer}: agency = the ORI, role {@code officer}.
 *   <li>{@code notes}: type of arrest (element 43), age at arrest (element 47), armed with
 *       (element 46), in words.
 *   <li>Not kept: resident status, juvenile disposition, clearance and multiple-arrestee indicators,
 *       the submitting organisation and message metadata, and everything of a Group A incident that
 *       is not an arrest (offences, victims, offenders, property, location category).
 * </ul>
 *
 * <h2>Errors</h2>
 * <p>The document is refused ({@link InvalidReferralException}) when it is not well-formed XML,
 * has a DOCTYPE (no external entities, no entity expansion), nests too deeply, has a root other
 * than a NIBRS Submission or Report, or holds more than {@value #MAX_ARRESTS} arrests. A valid
 * document without any arrest (a Group A incident report, say) is not refused: it is one record,
 * rejected with the reason {@link #NO_ARREST}, so the source gets {@code 202} with that reason. An
 * arrest without ORI or ATN, or in a delete report, is an unreadable record; a code outside its list
 * or an unreadable date is a warning. Nothing quotes a value.
 */
@org.springframework.stereotype.Component
public final class NibrsMapper {

    /** The {@link Referral#source()} of referrals from NIBRS exports. */
    static final String SOURCE = "nibrs";

    static final String TITLE = "Invalid NIBRS document";

    /** Why a NIBRS document without any arrest becomes a rejected record. */
    static final String NO_ARREST =
            "holds no arrest (j:Arrest): only arrests can be diverted, so there is nothing to refer";

    /** The most arrests read from one document. */
    static final int MAX_ARRESTS = 1_000;

    private static final String NIBRS_NAMESPACES = "http://fbi.gov/cjis/nibrs/";

    /**
     * Maps a document to its records.
     *
     * @param body    the NIBRS XML, as received
     * @param context site, receipt time, source name and time zone (the door policy is not used)
     * @return one record per arrest, in document order, each read or unreadable
     * @throws InvalidReferralException when the document as a whole cannot be read as NIBRS arrests
     */
    public List<IntakeRecord> map(byte[] body, MapContext context) {
        Objects.requireNonNull(body, "body");
        Objects.requireNonNull(context, "context");
        if (body.length == 0) {
            throw new InvalidReferralException(TITLE, "/", "the body is empty");
        }
        Element root;
        try {
            root = SafeXml.parse(new ByteArrayInputStream(body)).getDocumentElement();
        } catch (SafeXml.XmlException e) {
            throw new InvalidReferralException(TITLE, "/", e.describe("the document"));
        }
        String ns = root.getNamespaceURI();
        boolean nibrs = ns != null && ns.startsWith(NIBRS_NAMESPACES);
        List<Element> reports;
        if (nibrs && "Submission".equals(root.getLocalName())) {
            reports = NibrsXml.children(root, "Report");
        } else if (nibrs && "Report".equals(root.getLocalName())) {
            reports = List.of(root);
        } else {
            throw new InvalidReferralException(
                    TITLE,
                    "/",
                    "the root element is not a NIBRS Submission or Report (namespace " + NIBRS_NAMESPACES + "…)");
        }
        List<NibrsArrest> arrests = new ArrayList<>();
        for (int r = 0; r < reports.size(); r++) {
            arrests.addAll(NibrsArrest.of(reports.get(r), "nibrs:Report[" + (r + 1) + "]"));
            if (arrests.size() > MAX_ARRESTS) {
                throw new InvalidReferralException(
                        TITLE, "/", "more than " + MAX_ARRESTS + " arrests; send them in smaller documents");
            }
        }
        if (arrests.isEmpty()) {
            // A valid report of incidents without an arrest (an RMS exporting every incident): not an
            // unreadable body, but a record no site can take, answered like any other (202, rejected).
            return List.of(IntakeRecord.unreadable(IntakeRecord.Position.index(0), NO_ARREST));
        }
        List<IntakeRecord> records = new ArrayList<>(arrests.size());
        for (int i = 0; i < arrests.size(); i++) {
            records.add(arrests.get(i).record(IntakeRecord.Position.index(i), context));
        }
        return records;
    }
}
