package org.doorway.referral;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The rules that make a new referral a repeat of an earlier one. */
class DuplicatesTest {

    private static final Instant NOON = Instant.parse("2026-05-04T19:00:00Z");
    private static final Duration WINDOW = Duration.ofHours(2);

    private static Referral referral(
            String source,
            Instant occurred,
            Double lat,
            Double lon,
            String address,
            List<Referral.Charge> charges,
            Referral.Person... persons) {
        return new Referral(
                "demo",
                Door.ARREST_DIVERSION,
                source,
                source + "-" + occurred,
                occurred,
                occurred,
                new Referral.Location(address, null, lat, lon, null),
                null,
                charges,
                null,
                List.of(persons),
                List.of(),
                List.of());
    }

    private static Referral.Person person(String given, String family, String birthDate) {
        return new Referral.Person(List.of("Subject"), given, family, birthDate, null, null, null);
    }

    @Test
    void samePersonIgnoresCaseAccentsAndPunctuationButNotABirthDateThatDiffers() {
        Referral a = referral("eido", NOON, null, null, null, List.of(), person("José", "O'Neil", "1980-02-03"));
        Referral b = referral("nibrs", NOON, null, null, null, List.of(), person("jose", "ONeil", "1980-02-03"));
        Referral c = referral("nibrs", NOON, null, null, null, List.of(), person("Jose", "O Neil", null));
        Referral d = referral("nibrs", NOON, null, null, null, List.of(), person("Jose", "O Neil", "1981-02-03"));

        assertThat(Duplicates.samePerson(a, c))
                .as("a missing birth date does not stand in the way")
                .isTrue();
        assertThat(Duplicates.samePerson(a, d)).isFalse();
        // "O'Neil" and "ONeil" are not the same letters once punctuation splits the word
        assertThat(Duplicates.samePerson(a, b)).isFalse();
    }

    @Test
    void aPersonWithoutAFullNameMatchesNobody() {
        Referral a = referral("eido", NOON, null, null, null, List.of(), person("Sam", null, "1980-02-03"));

        assertThat(Duplicates.samePerson(a, a)).isFalse();
    }

    @Test
    void sameIncidentNeedsTheSamePlaceAndTimeWithinTheWindow() {
        Referral cad = referral("eido", NOON, 47.6097, -122.3384, null, List.of());
        Referral rmsNearby = referral("nibrs", NOON.plus(Duration.ofMinutes(40)), 47.6100, -122.3390, null, List.of());
        Referral rmsFar = referral("nibrs", NOON.plus(Duration.ofMinutes(40)), 47.6200, -122.3384, null, List.of());
        Referral rmsLate = referral("nibrs", NOON.plus(Duration.ofHours(3)), 47.6097, -122.3384, null, List.of());

        assertThat(Duplicates.sameIncident(cad, rmsNearby, WINDOW)).isTrue();
        assertThat(Duplicates.sameIncident(cad, rmsFar, WINDOW))
                .as("about 1.1 km away")
                .isFalse();
        assertThat(Duplicates.sameIncident(cad, rmsLate, WINDOW)).isFalse();
    }

    @Test
    void sameIncidentByAddressTextWhenThereAreNoCoordinatesAndChargesMustShareACode() {
        Referral.Charge theft = new Referral.Charge("23C", "UCR", "Shoplifting");
        Referral.Charge drugs = new Referral.Charge("35A", "UCR", "Drug/Narcotic Violations");
        Referral a = referral("csv", NOON, null, null, "1501 3rd Ave, Seattle", List.of(theft));
        Referral b = referral("nibrs", NOON, null, null, "1501 3RD AVE,  SEATTLE", List.of(theft, drugs));
        Referral c = referral("nibrs", NOON, null, null, "1501 3rd Ave, Seattle", List.of(drugs));

        assertThat(Duplicates.sameIncident(a, b, WINDOW)).isTrue();
        assertThat(Duplicates.sameIncident(a, c, WINDOW)).isFalse();
    }

    @Test
    void distanceIsRightAtCityScale() {
        // One thousandth of a degree of latitude is about 111 m.
        assertThat(Duplicates.metres(47.6, -122.3, 47.601, -122.3)).isBetween(110.0, 112.0);
    }
}
