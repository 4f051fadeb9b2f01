package org.doorway.intake.eido;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.assertj.core.api.Assertions.within;

import java.util.LinkedHashMap;
import java.util.Map;
import org.doorway.intake.SafeXml;
import org.junit.jupiter.api.Test;

class PidfLoTest {

    private static final String OPEN = "<presence xmlns=\"urn:ietf:params:xml:ns:pidf\""
            + " xmlns:gp=\"urn:ietf:params:xml:ns:pidf:geopriv10\""
            + " xmlns:dm=\"urn:ietf:params:xml:ns:pidf:data-model\""
            + " xmlns:gml=\"http://www.opengis.net/gml\""
            + " xmlns:gs=\"http://www.opengis.net/pidflo/1.0\""
            + " xmlns:ca=\"urn:ietf:params:xml:ns:pidf:geopriv10:civicAddr\""
            + " entity=\"pres:someone@test.example\">";
    private static final String CLOSE = "</presence>";

    /** A PIDF-LO whose single location-info holds {@code inner}. */
    private static String pidf(String inner) {
        return OPEN + "<dm:device id=\"d1\"><gp:geopriv><gp:location-info>" + inner
                + "</gp:location-info><gp:usage-rules/></gp:geopriv></dm:device>" + CLOSE;
    }

    private static String civic(String elements) {
        return "<ca:civicAddress>" + elements + "</ca:civicAddress>";
    }

    @Test
    void formatsCivicAddressLikeTheNenaSample() throws Exception {
        PidfLo.Reading reading = PidfLo.read(
                pidf(civic("<ca:country>US</ca:country><ca:A1>DE</ca:A1><ca:A3>Wilmington</ca:A3><ca:PRD>W</ca:PRD>"
                        + "<ca:RD>Cellular</ca:RD><ca:STS>Street</ca:STS><ca:HNO>42</ca:HNO>")));

        assertThat(reading.address()).isEqualTo("42 W Cellular Street, Wilmington, DE");
        assertThat(reading.latitude()).isNull();
        assertThat(reading.longitude()).isNull();
        assertThat(reading.warnings()).isEmpty();
    }

    @Test
    void formatsEveryCivicPartInItsPlace() throws Exception {
        PidfLo.Reading reading = PidfLo.read(pidf(civic(
                "<ca:country>CA</ca:country><ca:A1>BC</ca:A1><ca:A2>Metro Vancouver</ca:A2><ca:A3>Vancouver</ca:A3>"
                        + "<ca:HNO>12</ca:HNO><ca:HNS>B</ca:HNS><ca:PRM>Old</ca:PRM><ca:PRD>N</ca:PRD>"
                        + "<ca:RD>Harbour</ca:RD><ca:STS>Rd</ca:STS><ca:POD>E</ca:POD><ca:POM>Extension</ca:POM>"
                        + "<ca:BLD>C</ca:BLD><ca:FLR>2</ca:FLR><ca:UNIT>Apt 7</ca:UNIT><ca:ROOM>15</ca:ROOM>"
                        + "<ca:NAM>Harbour  Clinic</ca:NAM><ca:LMK>by the ferry terminal</ca:LMK>"
                        + "<ca:LOC>side door</ca:LOC><ca:PC>V6B 1A1</ca:PC>")));

        assertThat(reading.address())
                .isEqualTo("Harbour Clinic, 12B Old N Harbour Rd E Extension, Bldg C, Floor 2,"
                        + " Apt 7, Room 15, by the ferry terminal, side door, Vancouver, BC V6B 1A1, CA");
    }

    @Test
    void fallsBackToA6ForTheStreetAndToPostalCommunityOrCountyForTheCity() throws Exception {
        assertThat(PidfLo.read(
                                pidf(
                                        civic(
                                                "<ca:country>US</ca:country><ca:A1>WA</ca:A1><ca:PCN>Tukwila</ca:PCN><ca:A2>King</ca:A2>"
                                                        + "<ca:A6>Pacific</ca:A6><ca:STS>Hwy</ca:STS><ca:HNO>140</ca:HNO><ca:HNS>1/2</ca:HNS>")))
                        .address())
                .isEqualTo("140 1/2 Pacific Hwy, Tukwila, WA");
        assertThat(PidfLo.read(pidf(civic("<ca:A1>WA</ca:A1><ca:A2>King</ca:A2><ca:RD>Main</ca:RD>")))
                        .address())
                .isEqualTo("Main, King, WA");
    }

    @Test
    void aCountryAloneIsNotAnAddress() throws Exception {
        PidfLo.Reading reading = PidfLo.read(pidf(civic("<ca:country>US</ca:country>")));

        assertThat(reading.address()).isNull();
        assertThat(reading.isEmpty()).isTrue();
    }

    @Test
    void readsPointAsLatitudeLongitude() throws Exception {
        PidfLo.Reading reading = PidfLo.read(pidf(
                "<gml:Point srsName=\"urn:ogc:def:crs:EPSG::4326\"><gml:pos>47.6097 -122.3384</gml:pos></gml:Point>"));

        assertThat(reading.address()).isNull();
        assertThat(reading.latitude()).isEqualTo(47.6097);
        assertThat(reading.longitude()).isEqualTo(-122.3384);
        assertThat(reading.isEmpty()).isFalse();
    }

    @Test
    void readsTheCentreOfCirclesEllipsesAndEllipsoids() throws Exception {
        PidfLo.Reading circle = PidfLo.read(pidf("<gs:Circle srsName=\"urn:ogc:def:crs:EPSG::4326\">"
                + "<gml:pos>42.5463 -73.2512</gml:pos><gs:radius uom=\"urn:ogc:def:uom:EPSG::9001\">850.24</gs:radius>"
                + "</gs:Circle>"));
        PidfLo.Reading ellipsoid = PidfLo.read(pidf("<gs:Ellipsoid srsName=\"urn:ogc:def:crs:EPSG::4979\">"
                + "<gml:pos>40.441345 -80.000266 34</gml:pos><gs:semiMajorAxis uom=\"urn:ogc:def:uom:EPSG::9001\">7.7"
                + "</gs:semiMajorAxis></gs:Ellipsoid>"));

        assertThat(circle.latitude()).isEqualTo(42.5463);
        assertThat(circle.longitude()).isEqualTo(-73.2512);
        assertThat(ellipsoid.latitude()).isEqualTo(40.441345);
        assertThat(ellipsoid.longitude()).isEqualTo(-80.000266);
    }

    @Test
    void takesTheCentroidOfAPolygonsDistinctVertices() throws Exception {
        PidfLo.Reading fromPosList = PidfLo.read(pidf("<gml:Polygon srsName=\"urn:ogc:def:crs:EPSG::4326\">"
                + "<gml:exterior><gml:LinearRing><gml:posList>"
                + "47.600 -122.340 47.600 -122.330 47.610 -122.330 47.610 -122.340 47.600 -122.340"
                + "</gml:posList></gml:LinearRing></gml:exterior></gml:Polygon>"));
        PidfLo.Reading fromPos = PidfLo.read(pidf("<gml:Polygon srsName=\"urn:ogc:def:crs:EPSG::4326\">"
                + "<gml:exterior><gml:LinearRing><gml:pos>10 20</gml:pos><gml:pos>10 23</gml:pos>"
                + "<gml:pos>13 23</gml:pos><gml:pos>10 20</gml:pos></gml:LinearRing></gml:exterior></gml:Polygon>"));

        assertThat(fromPosList.latitude()).isCloseTo(47.605, within(1e-9));
        assertThat(fromPosList.longitude()).isCloseTo(-122.335, within(1e-9));
        assertThat(fromPos.latitude()).isCloseTo(11.0, within(1e-9));
        assertThat(fromPos.longitude()).isCloseTo(22.0, within(1e-9));
    }

    @Test
    void splitsThreeDimensionalPosListsByDimension() throws Exception {
        String ring = "1 2 100 1 4 100 3 4 100 3 2 100 1 2 100";
        PidfLo.Reading byAttribute =
                PidfLo.read(pidf("<gml:Polygon><gml:exterior><gml:LinearRing>" + "<gml:posList srsDimension=\"3\">"
                        + ring + "</gml:posList></gml:LinearRing></gml:exterior></gml:Polygon>"));
        PidfLo.Reading bySrsName = PidfLo.read(pidf("<gs:Prism srsName=\"urn:ogc:def:crs:EPSG::4979\"><gs:base>"
                + "<gml:Polygon><gml:exterior><gml:LinearRing><gml:posList>" + ring + "</gml:posList>"
                + "</gml:LinearRing></gml:exterior></gml:Polygon></gs:base><gs:height uom=\"urn:ogc:def:uom:EPSG::9001\">"
                + "2</gs:height></gs:Prism>"));

        for (PidfLo.Reading reading : new PidfLo.Reading[] {byAttribute, bySrsName}) {
            assertThat(reading.latitude()).isCloseTo(2.0, within(1e-9));
            assertThat(reading.longitude()).isCloseTo(3.0, within(1e-9));
        }
    }

    @Test
    void ignoresOutOfRangeCoordinatesWithAWarningAndTriesTheNextShape() throws Exception {
        PidfLo.Reading reading = PidfLo.read(OPEN
                + "<dm:device id=\"d1\"><gp:geopriv><gp:location-info><gml:Point><gml:pos>-122.3 47.6</gml:pos>"
                + "</gml:Point></gp:location-info></gp:geopriv></dm:device>"
                + "<dm:device id=\"d2\"><gp:geopriv><gp:location-info><gml:Point><gml:pos>47.6 -122.3</gml:pos>"
                + "</gml:Point></gp:location-info></gp:geopriv></dm:device>" + CLOSE);

        assertThat(reading.latitude()).isEqualTo(47.6);
        assertThat(reading.longitude()).isEqualTo(-122.3);
        assertThat(reading.warnings())
                .containsExactly(
                        "gml:pos coordinates are out of range (latitude -90..90, longitude -180..180); ignored");
    }

    @Test
    void ignoresNonNumericPositionsWithAWarningThatQuotesNothing() throws Exception {
        PidfLo.Reading reading = PidfLo.read(pidf("<gml:Point><gml:pos>NaN SECRET</gml:pos></gml:Point>"
                + "<gml:Point><gml:pos>0x1p3 4</gml:pos></gml:Point>"));

        assertThat(reading.isEmpty()).isTrue();
        assertThat(reading.warnings()).containsOnly("gml:pos does not hold a latitude and a longitude; ignored");
    }

    @Test
    void readsBothCivicAndGeodeticFromSeparateDevices() throws Exception {
        PidfLo.Reading reading = PidfLo.read(OPEN
                + "<dm:device id=\"c\"><gp:geopriv><gp:location-info>"
                + civic(
                        "<ca:A1>WA</ca:A1><ca:A3>Seattle</ca:A3><ca:HNO>1501</ca:HNO><ca:RD>3rd</ca:RD><ca:STS>Ave</ca:STS>")
                + "</gp:location-info></gp:geopriv></dm:device>"
                + "<dm:device id=\"g\"><gp:geopriv><gp:location-info><gml:Point><gml:pos>47.6097 -122.3384</gml:pos>"
                + "</gml:Point></gp:location-info></gp:geopriv></dm:device>" + CLOSE);

        assertThat(reading.address()).isEqualTo("1501 3rd Ave, Seattle, WA");
        assertThat(reading.latitude()).isEqualTo(47.6097);
        assertThat(reading.longitude()).isEqualTo(-122.3384);
    }

    @Test
    void readsOnlyInsideLocationInfoAndOnlyByNamespace() throws Exception {
        String xml = OPEN + "<dm:device id=\"d1\"><gp:geopriv><gp:location-info>"
                + "<civicAddress><A3>No Namespace City</A3></civicAddress>"
                + "<Point><pos>1 2</pos></Point>"
                + "</gp:location-info><gp:provided-by>"
                + civic("<ca:A3>Provider City</ca:A3>") + "<gml:Point><gml:pos>3 4</gml:pos></gml:Point>"
                + "</gp:provided-by></gp:geopriv></dm:device>" + CLOSE;

        PidfLo.Reading reading = PidfLo.read(xml);

        assertThat(reading.isEmpty()).isTrue();
    }

    @Test
    void warnsWhenThereIsNoLocationInfo() throws Exception {
        PidfLo.Reading reading = PidfLo.read(OPEN + "<tuple id=\"t\"><status/></tuple>" + CLOSE);

        assertThat(reading.isEmpty()).isTrue();
        assertThat(reading.warnings()).containsExactly("no gp:location-info element");
    }

    @Test
    void refusesMalformedXmlWithItsPosition() {
        SafeXml.XmlException e = catchThrowableOfType(
                () -> PidfLo.read(pidf(civic("<ca:A3>Seattle</ca:A4>"))), SafeXml.XmlException.class);

        assertThat(e.kind()).isEqualTo(SafeXml.XmlException.Kind.NOT_WELL_FORMED);
        assertThat(e.line()).isEqualTo(1);
        assertThat(e.column()).isPositive();
        assertThat(e.describe("PIDF-LO")).startsWith("PIDF-LO is not well-formed XML (line 1, column ");
    }

    @Test
    void refusesExternalEntitiesInPidfLo() {
        String xml = "<?xml version=\"1.0\"?><!DOCTYPE presence [<!ENTITY city SYSTEM \"file:///etc/hostname\">]>"
                + pidf(civic("<ca:A3>&city;</ca:A3>"));

        SafeXml.XmlException e = catchThrowableOfType(() -> PidfLo.read(xml), SafeXml.XmlException.class);

        assertThat(e.kind()).isEqualTo(SafeXml.XmlException.Kind.DOCTYPE);
    }

    @Test
    void civicFormatterLeavesOutWhatIsAbsent() {
        Map<String, String> elements = new LinkedHashMap<>();
        elements.put("LMK", "Westlake Park");
        elements.put("A3", "Seattle");
        elements.put("country", "us");

        assertThat(PidfCivicAddress.format(elements)).isEqualTo("Westlake Park, Seattle");
        assertThat(PidfCivicAddress.format(Map.of())).isNull();
    }
}
