package org.doorway.referral;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.UUID;
import org.doorway.seal.MasterKeys;
import org.doorway.seal.Resealer;
import org.doorway.seal.SealProperties;
import org.doorway.seal.Sealer;
import org.doorway.system.Background;
import org.doorway.testing.TestSecrets;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;

/**
 * Referrals sealed at rest, on a real PostgreSQL: what the tables hold reveals no name, birth date,
 * address, charge or note, while the store gives the whole referral back; retention's {@link
 * ReferralStore#deidentify} leaves only the projection; referrals stored before encryption at rest
 * are read as they are and sealed by the background pass; a master key rotation re-seals every
 * value under the new key while the old values stay readable.
 */
class SealedReferralsTest {

    private static final String OLD = "old:" + TestSecrets.random();
    private static final String NEW = "new:" + TestSecrets.random();
    private static final ObjectMapper JSON =
            new ObjectMapper().findAndRegisterModules().disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS);
    private static final List<String> PERSONAL =
            List.of("Maria", "Lopez", "1984-03-02", "TRESPASS", "Criminal trespass", "1200 Pine", "shelter", "tel:");

    private static EmbeddedPostgres postgres;
    private static JdbcClient db;
    private static DataSourceTransactionManager transactions;

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

    private static ReferralStore store(Sealer sealer) {
        return new ReferralStore(db, JSON, sealer);
    }

    private static Referral referral(String sourceId, String note) {
        return new Referral(
                "demo",
                Door.ARREST_DIVERSION,
                "nibrs",
                sourceId,
                Instant.parse("2026-11-02T10:15:00Z"),
                Instant.now().truncatedTo(ChronoUnit.MILLIS),
                new Referral.Location("1200 Pine St", "by the shelter", 47.61, -122.33, "W2"),
                new Referral.CallType("TRESP", "Trespass", null, 3),
                List.of(new Referral.Charge("TRESPASS-2", "RCW", "Criminal trespass 2nd degree")),
                new Referral.Referrer("SPD", "4411", "tel:+12065550100", "officer", null),
                List.of(new Referral.Person(
                        List.of("Subject"), "Maria", "Lopez", "1984-03-02", "White", "Hispanic", "F")),
                List.of(note),
                List.of());
    }

    private static String rawRows(UUID id) {
        return db.sql("select r::text from referral r where id = ?")
                        .param(id)
                        .query(String.class)
                        .single()
                + db.sql("select string_agg(v::text, ' ') from referral_version v where referral_id = ?")
                        .param(id)
                        .query(String.class)
                        .single();
    }

    @Test
    void theTablesHoldNoPersonalDataWhileTheStoreGivesTheWholeReferralBack() {
        ReferralStore store = store(sealer(OLD));
        Referral referral = referral("sealed-1", "Maria sleeps by the shelter");

        ReferralStore.Saved saved = store.save(referral, "http:test");
        store.save(referral("sealed-1", "Maria moved on"), "http:test");

        assertThat(rawRows(saved.stored().id())).doesNotContain(PERSONAL);
        Referral back = store.body(saved.stored().id()).orElseThrow();
        assertThat(back.persons()).extracting(Referral.Person::familyName).containsExactly("Lopez");
        assertThat(back.charges()).extracting(Referral.Charge::code).containsExactly("TRESPASS-2");
        assertThat(back.location().text()).isEqualTo("1200 Pine St");
        assertThat(back.notes()).containsExactly("Maria moved on");
        // What the dashboard's queries read is still there, in the clear.
        assertThat(db.sql("""
                        select body->'location'->>'zone', jsonb_array_length(body->'charges'), body->>'occurredAt',
                               body->'callType'->>'code'
                        from referral where id = ?""")
                        .param(saved.stored().id())
                        .query((rs, n) -> List.of(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4)))
                        .single())
                .containsExactly("W2", "1", "2026-11-02T10:15:00Z", "TRESP");
    }

    @Test
    void theSameVersionSentAgainIsRecognisedThoughItIsSealed() {
        ReferralStore store = store(sealer(OLD));
        store.save(referral("sealed-2", "first"), "http:test");

        assertThat(store.save(referral("sealed-2", "first"), "http:test").change())
                .isEqualTo(ReferralStore.Change.SAME);
        assertThat(store.save(referral("sealed-2", "second"), "http:test").change())
                .isEqualTo(ReferralStore.Change.UPDATED);
        assertThat(store.save(referral("sealed-2", "first"), "http:test").change())
                .isEqualTo(ReferralStore.Change.SAME);
    }

    @Test
    void deidentifyingForRetentionKeepsOnlyTheProjection() {
        ReferralStore store = store(sealer(OLD));
        UUID id = store.save(referral("sealed-3", "Maria again"), "http:test")
                .stored()
                .id();

        assertThat(store.deidentify(id)).isTrue();

        assertThat(db.sql("select sealed is null and deidentified_at is not null from referral where id = ?")
                        .param(id)
                        .query(Boolean.class)
                        .single())
                .isTrue();
        assertThat(db.sql("select count(*) from referral_version where referral_id = ? and sealed is not null")
                        .param(id)
                        .query(Integer.class)
                        .single())
                .isZero();
        Referral left = store.body(id).orElseThrow();
        assertThat(left.persons()).singleElement().satisfies(p -> {
            assertThat(p.givenName()).isNull();
            assertThat(p.birthDate()).isNull();
            assertThat(p.race()).isEqualTo("White");
        });
        assertThat(left.charges())
                .hasSize(1)
                .allSatisfy(c -> assertThat(c.code()).isNull());
        assertThat(left.location().zone()).isEqualTo("W2");
        assertThat(left.location().text()).isNull();
        assertThat(left.notes()).isEmpty();
        assertThat(store.deidentify(UUID.randomUUID())).isFalse();
    }

    @Test
    void aKeyRotationResealsEveryValueInTheBackgroundWhileOldValuesStayReadable() {
        ReferralStore before = store(sealer(OLD));
        UUID sealedUnderOld = before.save(referral("sealed-4", "under the old key"), "http:test")
                .stored()
                .id();
        // A referral stored before encryption at rest: a whole body in the clear, nothing sealed.
        UUID plain = UUID.randomUUID();
        String whole =
                JSON.valueToTree(referral("sealed-5", "stored in the clear")).toString();
        db.sql("""
                        insert into referral (id, short_ref, site, door, source, source_id, channel, received_at, body)
                        values (?, short_ref(nextval('referral_ref_seq')), 'demo', 'ARREST_DIVERSION', 'nibrs', 'sealed-5',
                                'http:test', now(), cast(? as jsonb))""").params(plain, whole).update();
        db.sql("""
                        insert into referral_version (referral_id, version, received_at, channel, change, body)
                        values (?, 1, now(), 'http:test', 'NEW', cast(? as jsonb))""").params(plain, whole).update();

        Sealer rotated = sealer(NEW, OLD);
        ReferralStore after = store(rotated);
        // Readable at once, before any pass.
        assertThat(after.body(sealedUnderOld).orElseThrow().notes()).containsExactly("under the old key");
        assertThat(after.body(plain).orElseThrow().notes()).containsExactly("stored in the clear");

        int resealed = new Resealer(
                        List.of(after),
                        rotated,
                        transactions,
                        new SealProperties(NEW, List.of(OLD), Duration.ofMinutes(10), 1),
                        new Background(new SimpleMeterRegistry(), 1))
                .pass();

        assertThat(resealed).isGreaterThanOrEqualTo(4);
        List<Long> current = rotated.currentKeys();
        List<String> values = db.sql("select sealed from referral union all select sealed from referral_version")
                .query(String.class)
                .list();
        assertThat(values).isNotEmpty().allSatisfy(value -> {
            if (value != null) {
                assertThat(current).contains(Sealer.keyId(value).orElseThrow());
            }
        });
        assertThat(rawRows(plain)).doesNotContain(PERSONAL);
        assertThat(after.body(sealedUnderOld).orElseThrow().notes()).containsExactly("under the old key");
        assertThat(after.body(plain).orElseThrow().persons())
                .extracting(Referral.Person::givenName)
                .containsExactly("Maria");
        // Only under the new key now: the old master key may be dropped.
        assertThat(store(sealer(NEW)).body(sealedUnderOld).orElseThrow().notes())
                .containsExactly("under the old key");
    }
}
