package org.doorway.seal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.doorway.testing.TestSecrets;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;

/**
 * Sealing and opening on a real PostgreSQL (the data keys live in {@code seal_key}): what is
 * stored reveals nothing of the plaintext, names its key, opens again under the same master key
 * and, after a rotation, under the previous one; a value stored before encryption at rest reads as
 * it is; an altered value or a missing master key fails loudly instead of yielding wrong data.
 */
class SealerTest {

    private static EmbeddedPostgres postgres;
    private static JdbcClient db;
    private static DataSourceTransactionManager transactions;

    private static final String OLD = "old:" + TestSecrets.random();
    private static final String NEW = "new:" + TestSecrets.random();

    @BeforeAll
    static void aMigratedDatabase() throws Exception {
        postgres = EmbeddedPostgres.builder().start();
        Flyway.configure().dataSource(postgres.getPostgresDatabase()).load().migrate();
        db = JdbcClient.create(postgres.getPostgresDatabase());
        transactions = new DataSourceTransactionManager(postgres.getPostgresDatabase());
    }

    @AfterAll
    static void stop() throws Exception {
        postgres.close();
    }

    private static Sealer sealer(String current, String... previous) {
        return new Sealer(db, MasterKeys.configured(current, List.of(previous)), transactions);
    }

    @Test
    void aSealedValueHidesItsPlaintextNamesItsKeyAndOpensAgain() {
        Sealer sealer = sealer(OLD);
        String text = "{\"givenName\":\"Maria\",\"birthDate\":\"1984-03-02\",\"charge\":\"trespass\"}";

        String sealed = sealer.seal("demo", text);

        assertThat(sealed).startsWith(Sealer.PREFIX).doesNotContain("Maria", "1984", "trespass");
        assertThat(Sealer.keyId(sealed)).isPresent();
        assertThat(sealer.open(sealed)).isEqualTo(text);
        // A fresh nonce each time: the same text seals differently.
        assertThat(sealer.seal("demo", text)).isNotEqualTo(sealed);
        // Another instance (nothing cached) opens it from the stored, wrapped data key.
        assertThat(sealer(OLD).open(sealed)).isEqualTo(text);
    }

    /** Keys made ahead: sealing on a request's path makes none, and the next month's is there already. */
    @Test
    void preparedKeysCoverThisMonthAndTheNextSoSealingMakesNone() {
        Sealer sealer = sealer(OLD);
        String site = "ahead-" + System.nanoTime();

        sealer.prepare(site);
        long made = db.sql("select count(*) from seal_key where site = ?")
                .param(site)
                .query(Long.class)
                .single();
        String sealed = sealer.seal(site, "a text");
        sealer.prepare(site);

        assertThat(made).isEqualTo(2);
        assertThat(db.sql("select count(*) from seal_key where site = ?")
                        .param(site)
                        .query(Long.class)
                        .single())
                .as("neither sealing nor a second pass made another key")
                .isEqualTo(2);
        java.time.LocalDate month =
                java.time.LocalDate.now(java.time.ZoneOffset.UTC).withDayOfMonth(1);
        assertThat(db.sql("select month from seal_key where site = ? order by month")
                        .param(site)
                        .query(java.time.LocalDate.class)
                        .list())
                .containsExactly(month, month.plusMonths(1));
        assertThat(db.sql("select month from seal_key where id = ?")
                        .param(Sealer.keyId(sealed).orElseThrow())
                        .query(java.time.LocalDate.class)
                        .single())
                .as("this month's key seals now")
                .isEqualTo(month);
        assertThat(sealer(OLD).open(sealed)).isEqualTo("a text");
    }

    @Test
    void bytesAreSealedAndOpenedToo() {
        Sealer sealer = sealer(OLD);
        byte[] body = "<EIDO><name>Maria Lopez</name></EIDO>".getBytes(StandardCharsets.UTF_8);

        byte[] sealed = sealer.seal("demo", body);

        assertThat(new String(sealed, StandardCharsets.ISO_8859_1)).doesNotContain("Maria");
        assertThat(Sealer.keyId(sealed)).isPresent();
        assertThat(sealer.open(sealed)).isEqualTo(body);
    }

    @Test
    void aValueStoredBeforeEncryptionAtRestReadsAsItIs() {
        Sealer sealer = sealer(OLD);

        assertThat(sealer.open("{\"site\":\"demo\"}")).isEqualTo("{\"site\":\"demo\"}");
        assertThat(sealer.open((String) null)).isNull();
        assertThat(sealer.open("plain".getBytes(StandardCharsets.UTF_8)))
                .isEqualTo("plain".getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void eachSiteHasItsOwnDataKey() {
        Sealer sealer = sealer(OLD);

        assertThat(Sealer.keyId(sealer.seal("demo", "a"))).isNotEqualTo(Sealer.keyId(sealer.seal("twin", "a")));
    }

    @Test
    void anAlteredValueDoesNotOpen() {
        Sealer sealer = sealer(OLD);
        String sealed = sealer.seal("demo", "Maria Lopez");
        char last = sealed.charAt(sealed.length() - 3);
        String altered = sealed.substring(0, sealed.length() - 3)
                + (last == 'A' ? 'B' : 'A')
                + sealed.substring(sealed.length() - 2);

        assertThatThrownBy(() -> sealer.open(altered)).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void afterARotationOldValuesOpenUnderThePreviousKeyAndNewOnesUseTheNewKey() {
        String before = sealer(OLD).seal("rotating", "Maria Lopez");

        Sealer rotated = sealer(NEW, OLD);
        String after = rotated.seal("rotating", "Maria Lopez");

        assertThat(rotated.open(before)).isEqualTo("Maria Lopez");
        assertThat(Sealer.keyId(after)).isNotEqualTo(Sealer.keyId(before));
        List<Long> current = rotated.currentKeys();
        assertThat(rotated.stale(before, current)).isTrue();
        assertThat(rotated.stale(after, current)).isFalse();
        assertThat(rotated.stale("{\"not\":\"sealed\"}", current)).isTrue();
    }

    @Test
    void aValueWhoseMasterKeyIsNoLongerConfiguredFailsLoudlyNamingNoSecret() {
        String sealed = sealer(OLD).seal("dropped", "Maria Lopez");

        assertThatThrownBy(() -> sealer(NEW).open(sealed))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("master key old is not configured")
                .hasMessageNotContaining(OLD.substring(4));
    }

    @Test
    void aMasterKeyMustBeAnIdAndThirtyTwoBytes() {
        assertThatThrownBy(() -> MasterKeys.configured("k1:c2hvcnQ=", List.of()))
                .hasMessageContaining("not 32 bytes")
                .hasMessageNotContaining("c2hvcnQ");
        assertThatThrownBy(() -> MasterKeys.configured(TestSecrets.random(), List.of()))
                .hasMessageContaining("not of the form id:key");
        assertThatThrownBy(() -> MasterKeys.configured(OLD, List.of(OLD))).hasMessageContaining("given twice");
    }
}
