package org.doorway.triage.participants;

import static org.assertj.core.api.Assertions.assertThat;

import org.doorway.triage.Policy;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Participant match keys: the same person written differently matches; nothing else does. */
class MatchKeysTest {

    private final MatchKeys keys = new MatchKeys("test-key");
    private static final Policy.MatchRule FULL = Policy.MatchRule.FULL_NAME_AND_BIRTH_DATE;
    private static final Policy.MatchRule FAMILY = Policy.MatchRule.FAMILY_NAME_AND_BIRTH_DATE;

    @ParameterizedTest(name = "{0} {1} matches José-María O''Neil")
    @CsvSource({"José-María, O'Neil", "JOSE MARIA, ONEIL", "jose maria,  o neil ", "José María, O’Neil"})
    void theSamePersonWrittenDifferentlyHasTheSameKey(String given, String family) {
        assertThat(keys.key(FULL, "demo", given, family, "1984-07-19"))
                .isEqualTo(keys.key(FULL, "demo", "José-María", "O'Neil", "1984-07-19"))
                .isPresent();
    }

    @Test
    void anotherPersonDateSiteRuleOrSecretGivesAnotherKey() {
        String key = keys.key(FULL, "demo", "Jordan", "Example", "1984-07-19").orElseThrow();

        assertThat(key).matches("[0-9a-f]{64}").doesNotContain("jordan").doesNotContain("1984");
        assertThat(keys.key(FULL, "demo", "Jordan", "Example", "1984-07-20")).isNotEqualTo(java.util.Optional.of(key));
        assertThat(keys.key(FULL, "demo", "Jordana", "Example", "1984-07-19")).isNotEqualTo(java.util.Optional.of(key));
        assertThat(keys.key(FULL, "other", "Jordan", "Example", "1984-07-19")).isNotEqualTo(java.util.Optional.of(key));
        assertThat(keys.key(FAMILY, "demo", "Jordan", "Example", "1984-07-19"))
                .isNotEqualTo(java.util.Optional.of(key));
        assertThat(new MatchKeys("another-key").key(FULL, "demo", "Jordan", "Example", "1984-07-19"))
                .isNotEqualTo(java.util.Optional.of(key));
    }

    @Test
    void theFamilyNameRuleIgnoresTheGivenName() {
        assertThat(keys.key(FAMILY, "demo", "Jordan", "Example", "1984-07-19"))
                .isEqualTo(keys.key(FAMILY, "demo", "Jo", "Example", "1984-07-19"));
    }

    @Test
    void aPersonWithoutWhatTheRuleNeedsHasNoKey() {
        assertThat(keys.key(FULL, "demo", null, "Example", "1984-07-19")).isEmpty();
        assertThat(keys.key(FULL, "demo", "Jordan", "Example", null)).isEmpty();
        assertThat(keys.key(FULL, "demo", "Jordan", "Example", "19 July 1984")).isEmpty();
        assertThat(keys.key(FAMILY, "demo", null, " - ", "1984-07-19")).isEmpty();
        assertThat(keys.key(Policy.MatchRule.OFF, "demo", "Jordan", "Example", "1984-07-19"))
                .isEmpty();
    }
}
