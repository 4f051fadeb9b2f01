package org.doorway.consent;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** The rules of a release of information, on their own. */
class ConsentTest {

    private static final LocalDate SIGNED = LocalDate.of(2026, 3, 1);
    private static final LocalDate EXPIRES = LocalDate.of(2026, 8, 31);

    private static Consent consent(boolean substanceUse, boolean programStatus, LocalDate revokedOn) {
        return new Consent(
                UUID.randomUUID(),
                UUID.randomUUID(),
                "demo",
                List.of("demo-cad", "County Prosecutor's Office"),
                substanceUse,
                programStatus,
                SIGNED,
                EXPIRES,
                Instant.parse("2026-03-01T10:00:00Z"),
                "cm",
                revokedOn,
                revokedOn == null ? null : Instant.parse("2026-04-01T10:00:00Z"),
                revokedOn == null ? null : "cm");
    }

    @Test
    void allowsANamedPartyTheScopesItCoversFromTheSigningToTheLastDayInclusive() {
        Consent both = consent(true, true, null);
        for (LocalDate day : List.of(SIGNED, LocalDate.of(2026, 6, 1), EXPIRES)) {
            assertThat(both.allows("demo-cad", Consent.Scope.PROGRAM_STATUS, day))
                    .as(day.toString())
                    .isTrue();
            assertThat(both.allows("demo-cad", Consent.Scope.SUBSTANCE_USE, day))
                    .as(day.toString())
                    .isTrue();
        }
        assertThat(both.allows("  county prosecutor's office ", Consent.Scope.SUBSTANCE_USE, SIGNED))
                .as("names compare without case or surrounding spaces")
                .isTrue();
    }

    @Test
    void allowsNothingBeforeTheSigningOrAfterTheExpiry() {
        Consent both = consent(true, true, null);
        assertThat(both.allows("demo-cad", Consent.Scope.PROGRAM_STATUS, SIGNED.minusDays(1)))
                .isFalse();
        assertThat(both.allows("demo-cad", Consent.Scope.PROGRAM_STATUS, EXPIRES.plusDays(1)))
                .isFalse();
        assertThat(both.live(EXPIRES.plusDays(1))).isFalse();
        assertThat(both.live(EXPIRES)).isTrue();
    }

    @Test
    void allowsNothingOnceRevokedWhateverTheDay() {
        Consent revoked = consent(true, true, LocalDate.of(2026, 4, 1));
        assertThat(revoked.allows("demo-cad", Consent.Scope.PROGRAM_STATUS, LocalDate.of(2026, 3, 15)))
                .isFalse();
        assertThat(revoked.live(LocalDate.of(2026, 3, 15))).isFalse();
    }

    @Test
    void allowsOnlyTheScopesItCoversAndOnlyThePartiesItNames() {
        Consent statusOnly = consent(false, true, null);
        assertThat(statusOnly.allows("demo-cad", Consent.Scope.PROGRAM_STATUS, SIGNED))
                .isTrue();
        assertThat(statusOnly.allows("demo-cad", Consent.Scope.SUBSTANCE_USE, SIGNED))
                .isFalse();
        assertThat(statusOnly.allows("other-rms", Consent.Scope.PROGRAM_STATUS, SIGNED))
                .isFalse();
        assertThat(statusOnly.allows("", Consent.Scope.PROGRAM_STATUS, SIGNED)).isFalse();
        assertThat(statusOnly.allows(null, Consent.Scope.PROGRAM_STATUS, SIGNED))
                .isFalse();
    }

    @Test
    void aDraftNeedsAPartyAScopeAPastSigningAndAnExpiryAfterIt() {
        LocalDate today = LocalDate.of(2026, 5, 1);
        assertThat(ConsentDesk.check(
                        new ConsentDesk.Draft(List.of("demo-cad"), true, false, "2026-04-30", "2026-10-31"), today))
                .isEmpty();
        assertThat(
                        ConsentDesk.check(
                                        new ConsentDesk.Draft(List.of(), false, false, "2026-05-02", "2026-05-01"),
                                        today)
                                .stream()
                                .map(e -> e.get("field")))
                .containsExactlyInAnyOrder("parties", "scope", "signedOn", "expiresOn");
        assertThat(
                        ConsentDesk.check(new ConsentDesk.Draft(List.of("x", " "), null, true, "May 1", null), today)
                                .stream()
                                .map(e -> e.get("field")))
                .containsExactlyInAnyOrder("parties", "substanceUse", "signedOn", "expiresOn");
    }

    @Test
    void thePrivacyDocumentQuotesTheRedisclosureNoticeDoorwaySends() throws Exception {
        String quoted = java.nio.file.Files.readAllLines(java.nio.file.Path.of("docs/privacy.md")).stream()
                .filter(line -> line.startsWith("> "))
                .map(line -> line.substring(2).strip())
                .collect(java.util.stream.Collectors.joining(" "));
        assertThat(quoted).contains(Release.REDISCLOSURE_NOTICE);
    }

    @Test
    void theRedisclosureNoticeSaysWhatThePart2RulesForbid() {
        assertThat(Release.REDISCLOSURE_NOTICE)
                .contains("42 CFR part 2")
                .contains("further disclosure")
                .contains("written consent")
                .contains("general authorization")
                .contains("investigate or prosecute");
    }
}
