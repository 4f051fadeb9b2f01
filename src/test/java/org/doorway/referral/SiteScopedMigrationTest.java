package org.doorway.referral;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.util.List;
import java.util.UUID;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * The migration to site-scoped identity and versions (V32) on a database that already holds
 * referrals: every row is kept as it was and becomes its own first version; afterwards two sites may
 * hold the same source id, one site still may not hold it twice.
 */
class SiteScopedMigrationTest {

    private static EmbeddedPostgres postgres;
    private static JdbcClient db;

    @BeforeAll
    static void aDatabaseAtV31WithReferralsMigratedToTheLatest() throws Exception {
        postgres = EmbeddedPostgres.builder().start();
        Flyway.configure()
                .dataSource(postgres.getPostgresDatabase())
                .target("31")
                .load()
                .migrate();
        db = JdbcClient.create(postgres.getPostgresDatabase());
        insert(FIRST, "demo", "open311", "12345", "{\"site\":\"demo\",\"sourceId\":\"12345\"}");
        insert(SECOND, "demo", "eido", "urn:incident:1", "{\"site\":\"demo\",\"sourceId\":\"urn:incident:1\"}");
        Flyway.configure().dataSource(postgres.getPostgresDatabase()).load().migrate();
    }

    @AfterAll
    static void stop() throws Exception {
        postgres.close();
    }

    private static final UUID FIRST = UUID.randomUUID();
    private static final UUID SECOND = UUID.randomUUID();

    private static void insert(UUID id, String site, String source, String sourceId, String body) {
        db.sql("""
                        insert into referral (id, short_ref, site, door, source, source_id, channel, received_at, body)
                        values (?, short_ref(nextval('referral_ref_seq')), ?, 'COMMUNITY', ?, ?, 'http:test', now(),
                                cast(? as jsonb))""").params(id, site, source, sourceId, body).update();
    }

    @Test
    void everyReferralStoredBeforeIsKeptAsItWasAndIsItsOwnFirstVersion() {
        assertThat(db.sql("select body::text from referral where id = ?")
                        .param(FIRST)
                        .query(String.class)
                        .single())
                .isEqualTo("{\"site\": \"demo\", \"sourceId\": \"12345\"}");
        record Row(UUID id, int version, String change, boolean same) {}
        List<Row> versions = db.sql("""
                        select v.referral_id, v.version, v.change, v.body = r.body and r.version = 1
                        from referral_version v join referral r on r.id = v.referral_id order by v.received_at, v.referral_id""")
                .query((rs, n) -> new Row(rs.getObject(1, UUID.class), rs.getInt(2), rs.getString(3), rs.getBoolean(4)))
                .list();
        assertThat(versions).extracting(Row::id).containsExactlyInAnyOrder(FIRST, SECOND);
        assertThat(versions).allSatisfy(row -> {
            assertThat(row.version()).isEqualTo(1);
            assertThat(row.change()).isEqualTo("NEW");
            assertThat(row.same()).isTrue();
        });
    }

    @Test
    void anotherSiteMayHoldTheSameSourceIdButOneSiteNotTwice() {
        insert(UUID.randomUUID(), "twin", "open311", "12345", "{}");

        assertThatThrownBy(() -> insert(UUID.randomUUID(), "demo", "open311", "12345", "{}"))
                .isInstanceOf(DataIntegrityViolationException.class);
    }
}
