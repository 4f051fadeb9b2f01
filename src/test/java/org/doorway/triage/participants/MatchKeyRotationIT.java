package org.doorway.triage.participants;

import static org.assertj.core.api.Assertions.assertThat;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.nio.file.Files;
import java.time.Duration;
import java.util.List;
import org.doorway.referral.Referral;
import org.doorway.triage.Policy;
import org.doorway.triage.TriageProperties;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Rotating the match key ({@code doorway.triage.match-key} new, the old one in
 * {@code previous-match-keys}) loses no participant: one enrolled under the old key is still
 * matched, and re-keyed under the new one, so the old key can then be dropped.
 */
class MatchKeyRotationIT {

    private static final String OLD_KEY = "Zk3c0Qe8v1Y2rT5uW7xA9bD4fG6hJ8kL0mN2pQ4sR6t=";
    private static final String NEW_KEY = "Hq9wE2rT4yU6iO8pA1sD3fG5hJ7kL9zX0cV2bN4mQ6w=";

    private static EmbeddedPostgres postgres;
    private static JdbcClient db;

    @BeforeAll
    static void database() throws Exception {
        postgres = EmbeddedPostgres.builder()
                .setDataDirectory(Files.createTempDirectory("doorway-match-keys-"))
                .setCleanDataDirectory(true)
                .start();
        Flyway.configure()
                .dataSource(postgres.getPostgresDatabase())
                .locations("classpath:db/migration")
                .load()
                .migrate();
        db = JdbcClient.create(postgres.getPostgresDatabase());
    }

    @AfterAll
    static void stop() throws Exception {
        postgres.close();
    }

    private static Participants participants(String key, String... previous) {
        return new Participants(db, new TriageProperties(Duration.ofSeconds(5), key, List.of(previous)));
    }

    private static Referral.Person person(String given, String family, String born) {
        return new Referral.Person(List.of(), given, family, born, null, null, null);
    }

    @Test
    void aParticipantEnrolledUnderTheOldKeyIsMatchedDuringTheWindowAndKeptAfterIt() {
        var enrolled = participants(OLD_KEY)
                .enrol("rotation", "ana", Participants.Status.ACTIVE, "Rosa", "Parks", "1984-02-04", "test")
                .participant();
        Policy.MatchRule rule = Policy.MatchRule.FULL_NAME_AND_BIRTH_DATE;

        assertThat(participants(NEW_KEY).match("rotation", rule, person("Rosa", "Parks", "1984-02-04")))
                .as("without the old key in the window, nobody is found")
                .isEmpty();
        assertThat(participants(NEW_KEY, OLD_KEY).match("rotation", rule, person("ROSA", "parks", "1984-02-04")))
                .singleElement()
                .satisfies(p -> assertThat(p.id()).isEqualTo(enrolled.id()));
        assertThat(participants(NEW_KEY).match("rotation", rule, person("Rosa", "Parks", "1984-02-04")))
                .as("re-keyed under the new key when matched in the window")
                .singleElement()
                .satisfies(p -> assertThat(p.id()).isEqualTo(enrolled.id()));
        assertThat(participants(OLD_KEY).match("rotation", rule, person("Rosa", "Parks", "1984-02-04")))
                .as("the old key alone no longer finds them")
                .isEmpty();
    }

    @Test
    void newEnrolmentsUseTheCurrentKey() {
        participants(NEW_KEY, OLD_KEY)
                .enrol("rotation-new", "ana", Participants.Status.ACTIVE, "Ida", "Wells", "1962-07-16", "test");

        assertThat(participants(NEW_KEY)
                        .match(
                                "rotation-new",
                                Policy.MatchRule.FAMILY_NAME_AND_BIRTH_DATE,
                                person("", "Wells", "1962-07-16")))
                .hasSize(1);
        assertThat(participants(OLD_KEY)
                        .match(
                                "rotation-new",
                                Policy.MatchRule.FAMILY_NAME_AND_BIRTH_DATE,
                                person("", "Wells", "1962-07-16")))
                .isEmpty();
    }
}
