package org.doorway.retention;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.time.Instant;
import java.time.Period;
import org.junit.jupiter.api.Test;

class RetentionPeriodsTest {

    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

    private static JsonNode block(String yaml) throws Exception {
        return YAML.readTree(yaml).get("retention");
    }

    @Test
    void aSiteWithoutARetentionBlockKeepsForTheDefaultPeriods() {
        assertThat(RetentionPeriods.read("s/site.yaml", null)).isEqualTo(RetentionPeriods.DEFAULTS);
        assertThat(RetentionPeriods.DEFAULTS.audit()).isEqualTo(Period.ofYears(6));
    }

    @Test
    void givenPeriodsReplaceTheDefaultsAndTheRestStay() throws Exception {
        RetentionPeriods periods =
                RetentionPeriods.read("s/site.yaml", block("retention:\n  referrals: P2Y\n  dead-letters: P7D\n"));

        assertThat(periods.referrals()).isEqualTo(Period.ofYears(2));
        assertThat(periods.deadLetters()).isEqualTo(Period.ofDays(7));
        assertThat(periods.handoffs()).isEqualTo(RetentionPeriods.DEFAULTS.handoffs());
    }

    @Test
    void aBadPeriodIsRefusedNamingTheFileAndEachKey() throws Exception {
        assertThatThrownBy(() -> RetentionPeriods.read(
                        "north/site.yaml", block("retention:\n  referrals: one year\n  handoffs: P0D\n  pages: P1D\n")))
                .isInstanceOf(RetentionPeriods.InvalidRetentionException.class)
                .hasMessageContaining("north/site.yaml")
                .hasMessageContaining("retention.referrals: not an ISO-8601 period")
                .hasMessageContaining("retention.handoffs: must be longer than nothing")
                .hasMessageContaining("retention.pages: unknown field");
    }

    @Test
    void theAuditIsKeptAtLeastSixYears() throws Exception {
        assertThatThrownBy(() -> RetentionPeriods.read("s/site.yaml", block("retention:\n  audit: P5Y\n")))
                .hasMessageContaining("retention.audit: at least P6Y");
        assertThat(RetentionPeriods.read("s/site.yaml", block("retention:\n  audit: P10Y\n"))
                        .audit())
                .isEqualTo(Period.ofYears(10));
    }

    @Test
    void aPeriodIsCountedBackOnTheCalendar() {
        assertThat(RetentionPeriods.before(Instant.parse("2026-03-01T12:00:00Z"), Period.ofYears(1)))
                .isEqualTo(Instant.parse("2025-03-01T12:00:00Z"));
    }
}
