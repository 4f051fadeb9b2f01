package org.doorway.intake.nibrs;

import static org.doorway.intake.FuzzTestSupport.MARKER;
import static org.doorway.intake.FuzzTestSupport.check;
import static org.doorway.intake.FuzzTestSupport.hasMarker;

import com.code_intelligence.jazzer.junit.DictionaryEntries;
import com.code_intelligence.jazzer.junit.FuzzTest;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.doorway.intake.FuzzTestSupport;
import org.doorway.intake.IntakeRecord;
import org.doorway.intake.InvalidReferralException;
import org.doorway.intake.MapContext;
import org.doorway.intake.SafeXml;
import org.doorway.intake.eido.EidoMapperFuzzTest;
import org.doorway.referral.Door;
import org.doorway.referral.Referral;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.w3c.dom.Element;
import org.w3c.dom.Node;

/**
 * Fuzzes {@link NibrsMapper}, the police RMS door: whatever the bytes, it returns one record per
 * arrest, in order, each a referral or unreadable with a reason, or refuses the document with
 * {@link InvalidReferralException}. Nothing quotes a value. Every referral is an arrest diversion
 * from the reporting agency, with UCR charges and at most the arrestee; none holds what the mapper
 * does not keep (message metadata, resident status, clearance and juvenile disposition, and the
 * offences, victims, offenders, property and locations of a Group A incident).
 */
class NibrsMapperFuzzTest {

    private static final MapContext CONTEXT = new MapContext(
            "demo",
            FuzzTestSupport.RECEIVED,
            NibrsMapper.SOURCE,
            code -> Door.COMMUNITY,
            ZoneId.of("America/Los_Angeles"));

    /** Elements whose text may reach a referral (see {@link NibrsMapper}); everything else is dropped. */
    private static final Set<String> KEPT = Set.of(
            "IdentificationID",
            "ArrestSequenceID",
            "ChargeUCRCode",
            "PersonGivenName",
            "PersonSurName",
            "PersonRaceNDExCode",
            "PersonRaceCode",
            "PersonEthnicityCode",
            "PersonSexCode",
            "Date",
            "DateTime",
            "MeasureIntegerValue",
            "RangeMinimumIntegerValue",
            "RangeMaximumIntegerValue",
            "MeasureValueText",
            "ArrestCategoryCode",
            "ArresteeArmedWithCode");

    private final NibrsMapper mapper = new NibrsMapper();

    @Timeout(
            value = FuzzTestSupport.SECONDS_PER_INPUT,
            unit = TimeUnit.SECONDS,
            threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
    @DictionaryEntries({
        "http://fbi.gov/cjis/nibrs/4.2",
        "http://release.niem.gov/niem/structures/3.0/",
        "nibrs:Submission",
        "nibrs:Report",
        "nibrs:ReportHeader",
        "nibrs:ReportingAgency",
        "j:Arrest",
        "j:Arrestee",
        "nc:Person",
        "j:ArrestSubjectAssociation",
        "nc:Activity",
        "j:Subject",
        "s:id=",
        "s:ref=",
        "nc:IdentificationID",
        "nc:ActivityIdentification",
        "nc:ActivityDate",
        "nc:Date",
        "nc:DateTime",
        "j:ArrestCharge",
        "nibrs:ChargeUCRCode",
        "j:ArrestSequenceID",
        "ReportActionCategoryCode",
        "<!DOCTYPE",
        "+999999999-12-31T23:59:59",
        "2016-02-29",
        "11A"
    })
    @MethodSource("sharedSamples")
    @FuzzTest(maxDuration = "5m")
    void mapsOrRefusesCleanly(byte[] body) {
        byte[] copy = body.clone();
        Object first = map(body);
        check(Arrays.equals(copy, body), "the mapper changed its input");
        if (first instanceof InvalidReferralException e) {
            FuzzTestSupport.checkRefusal(e, NibrsMapper.TITLE, false);
        } else {
            @SuppressWarnings("unchecked")
            List<IntakeRecord> records = (List<IntakeRecord>) first;
            check(!records.isEmpty() && records.size() <= NibrsMapper.MAX_ARRESTS, "no arrest, or more than the limit");
            FuzzTestSupport.checkRecords(records, CONTEXT, false);
            List<String> kept = null;
            for (IntakeRecord record : records) {
                if (record.referral() != null) {
                    checkArrest(record.referral());
                    if (hasMarker(record.referral().toString())) {
                        kept = kept != null ? kept : keptText(body);
                        check(hasMarker(String.join("\n", kept)), "the referral holds text the NIBRS mapper must drop");
                    }
                }
            }
        }
        if (body.length <= FuzzTestSupport.MAP_TWICE_UP_TO) {
            check(sameOutcome(first, map(body)), "mapping the same document twice gave different answers");
        }
    }

    /** Every referral can be stored (see {@link EidoMapperFuzzTest#mapsOnlyToStorableReferrals}). */
    @Timeout(
            value = FuzzTestSupport.SECONDS_PER_INPUT,
            unit = TimeUnit.SECONDS,
            threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
    @FuzzTest(maxDuration = "5m")
    void mapsOnlyToStorableReferrals(byte[] body) {
        if (map(body) instanceof List<?> records) {
            records.stream()
                    .map(r -> ((IntakeRecord) r).referral())
                    .filter(java.util.Objects::nonNull)
                    .forEach(FuzzTestSupport::checkStorable);
        }
    }

    /** A referral's warnings are bounded and not repeated, as EIDO's are. */
    @Timeout(
            value = FuzzTestSupport.SECONDS_PER_INPUT,
            unit = TimeUnit.SECONDS,
            threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
    @FuzzTest(maxDuration = "5m")
    void mapsWithBoundedWarnings(byte[] body) {
        if (map(body) instanceof List<?> records) {
            records.stream()
                    .map(r -> ((IntakeRecord) r).referral())
                    .filter(java.util.Objects::nonNull)
                    .forEach(FuzzTestSupport::checkWarningsBounded);
        }
    }

    @Timeout(
            value = FuzzTestSupport.SECONDS_PER_BIG_INPUT,
            unit = TimeUnit.SECONDS,
            threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
    @ParameterizedTest(name = "{0}")
    @MethodSource("bigInputs")
    void mapsOrRefusesBigInputsCleanly(String name, byte[] body) {
        mapsOrRefusesCleanly(body);
    }

    static Stream<Arguments> sharedSamples() {
        return FuzzTestSupport.sharedSamples(name -> name.startsWith("nibrs-") && name.endsWith(".xml"));
    }

    static Stream<Arguments> bigInputs() {
        int fiveMb = 5 * 1024 * 1024;
        return Stream.of(
                Arguments.of("1,001 arrests", submission(1_001, "")),
                Arguments.of(
                        "1,000 arrests, 5 MB of victims",
                        submission(
                                1_000,
                                FuzzTestSupport.repeat(
                                        "<j:Victim><nc:PersonName>" + MARKER + "</nc:PersonName></j:Victim>", fiveMb))),
                Arguments.of(
                        "one arrest with 50,000 charges",
                        report(FuzzTestSupport.repeat(
                                "<j:ArrestCharge><nibrs:ChargeUCRCode>" + MARKER
                                        + "</nibrs:ChargeUCRCode></j:ArrestCharge>",
                                3_000_000))),
                Arguments.of(
                        "10,000 associations to nothing",
                        report(FuzzTestSupport.repeat(
                                "<j:ArrestSubjectAssociation><nc:Activity s:ref=\"nothing\"/><j:Subject s:ref=\""
                                        + MARKER + "\"/></j:ArrestSubjectAssociation>",
                                1_400_000))),
                Arguments.of("UTF-16 with a byte order mark", utf16(submission(1, ""))));
    }

    private static final String OPEN = "<nibrs:Submission xmlns:nibrs=\"http://fbi.gov/cjis/nibrs/4.2\""
            + " xmlns:j=\"http://release.niem.gov/niem/domains/jxdm/5.2/\" xmlns:nc=\"http://release.niem.gov/niem/niem-core/3.0/\""
            + " xmlns:s=\"http://release.niem.gov/niem/structures/3.0/\">";

    private static String header() {
        return "<nibrs:ReportHeader><nibrs:ReportActionCategoryCode>A</nibrs:ReportActionCategoryCode><nibrs:ReportingAgency>"
                + "<j:OrganizationAugmentation><j:OrganizationORIIdentification><nc:IdentificationID>WA0000000"
                + "</nc:IdentificationID></j:OrganizationORIIdentification></j:OrganizationAugmentation>"
                + "</nibrs:ReportingAgency></nibrs:ReportHeader>";
    }

    private static byte[] submission(int arrests, String extra) {
        StringBuilder xml = new StringBuilder(OPEN)
                .append("<nibrs:Report>")
                .append(header())
                .append(extra);
        for (int i = 0; i < arrests; i++) {
            xml.append("<j:Arrest s:id=\"a")
                    .append(i)
                    .append("\"><nc:ActivityIdentification><nc:IdentificationID>")
                    .append(i)
                    .append("</nc:IdentificationID></nc:ActivityIdentification><nc:ActivityDate><nc:Date>")
                    .append("2025-01-02</nc:Date></nc:ActivityDate></j:Arrest>");
        }
        return xml.append("</nibrs:Report></nibrs:Submission>").toString().getBytes(StandardCharsets.UTF_8);
    }

    private static byte[] report(String inArrest) {
        return (OPEN + "<nibrs:Report>" + header()
                        + "<j:Arrest s:id=\"a\"><nc:ActivityIdentification><nc:IdentificationID>1"
                        + "</nc:IdentificationID></nc:ActivityIdentification>" + inArrest + "</j:Arrest></nibrs:Report>"
                        + "</nibrs:Submission>")
                .getBytes(StandardCharsets.UTF_8);
    }

    private static byte[] utf16(byte[] utf8) {
        String xml = "<?xml version=\"1.0\" encoding=\"UTF-16\"?>" + new String(utf8, StandardCharsets.UTF_8);
        return xml.getBytes(StandardCharsets.UTF_16);
    }

    // ---- the property ------------------------------------------------------------------------

    private Object map(byte[] body) {
        try {
            return mapper.map(body, CONTEXT);
        } catch (InvalidReferralException e) {
            return e;
        }
    }

    private static void checkArrest(Referral referral) {
        check(referral.door() == Door.ARREST_DIVERSION, "a NIBRS arrest is not an arrest diversion");
        check(
                referral.location() == null && referral.callType() == null,
                "a NIBRS referral has a location or call type");
        check(
                referral.referrer() != null
                        && NibrsArrest.REFERRER_ROLE.equals(referral.referrer().role())
                        && referral.referrer().agency() != null,
                "the referrer is not the reporting agency");
        check(referral.charges().stream().allMatch(c -> NibrsArrest.UCR.equals(c.codeSystem())), "a charge is not UCR");
        check(
                referral.persons().size() <= 1
                        && referral.persons().stream()
                                .allMatch(p -> p.roles().equals(List.of(NibrsArrest.ARRESTEE_ROLE))),
                "someone other than the arrestee");
        FuzzTestSupport.checkWarningsQuoteNothing(referral);
    }

    private static boolean sameOutcome(Object first, Object second) {
        if (first instanceof InvalidReferralException a) {
            return second instanceof InvalidReferralException b && a.problems().equals(b.problems());
        }
        return first.equals(second);
    }

    /** The text of every element the mapper reads a value from. */
    private static List<String> keptText(byte[] body) {
        List<String> kept = new ArrayList<>();
        try {
            collect(SafeXml.parse(new ByteArrayInputStream(body)).getDocumentElement(), kept);
        } catch (SafeXml.XmlException e) {
            throw new IllegalStateException("the mapper read a document SafeXml refuses", e);
        }
        return kept;
    }

    private static void collect(Element element, List<String> kept) {
        if (KEPT.contains(element.getLocalName())) {
            kept.add(element.getTextContent().strip());
        }
        for (Node child = element.getFirstChild(); child != null; child = child.getNextSibling()) {
            if (child instanceof Element e) {
                collect(e, kept);
            }
        }
    }
}
