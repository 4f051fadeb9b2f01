package org.doorway.paging;

import static org.assertj.core.api.Assertions.assertThat;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.util.Base64;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.doorway.handoff.HandoffMoved;
import org.doorway.referral.Door;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * A page's one-tap link: a random token stored only as its hash, naming one page, expiring, revoked
 * when its handoff ends. Checked on a real PostgreSQL (the embedded one) with the migrations that
 * make the table and Doorway's clock, so what replicas share is what is tested.
 */
class PageLinksTest {

    private static final String BASE = "https://doorway.example.org";
    private static final Duration VALIDITY = Duration.ofHours(12);

    private static EmbeddedPostgres postgres;
    private static JdbcClient db;

    private PageLinks links;

    @BeforeAll
    static void database() throws Exception {
        postgres = EmbeddedPostgres.builder().start();
        try (Connection c = postgres.getPostgresDatabase().getConnection();
                Statement s = c.createStatement()) {
            s.execute(Files.readString(Path.of("src/main/resources/db/migration/V12__doorway_clock.sql")));
            s.execute(Files.readString(Path.of("src/main/resources/db/migration/V23__page_links.sql")));
        }
        db = JdbcClient.create(postgres.getPostgresDatabase());
    }

    @AfterAll
    static void stop() throws Exception {
        postgres.close();
    }

    @BeforeEach
    void empty() {
        db.sql("delete from page_link").update();
        db.sql("update doorway_clock set offset_ms = 0").update();
        links = new PageLinks(db, BASE, VALIDITY, new SecureRandom());
    }

    private static void advanceClock(Duration by) {
        db.sql("update doorway_clock set offset_ms = offset_ms + ?")
                .param(by.toMillis())
                .update();
    }

    @Test
    void aTokenIs128RandomBitsInTwentyTwoUrlSafeCharactersAndNamesItsPage() {
        UUID referral = UUID.randomUUID();
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < 200; i++) {
            String token = links.mint(referral, 7);
            assertThat(token).hasSize(22).matches("[A-Za-z0-9_-]+");
            assertThat(Base64.getUrlDecoder().decode(token)).hasSize(16);
            seen.add(token);
        }
        assertThat(seen).as("every token differs, even for one page").hasSize(200);
        assertThat(seen).allSatisfy(token -> assertThat(links.pageId(token)).contains(7L));
    }

    @Test
    void onlyTheTokensHashIsStored() throws Exception {
        String token = links.mint(UUID.randomUUID(), 42);

        byte[] stored =
                db.sql("select token_hash from page_link").query(byte[].class).single();
        assertThat(stored)
                .isEqualTo(java.security.MessageDigest.getInstance("SHA-256")
                        .digest(token.getBytes(java.nio.charset.StandardCharsets.US_ASCII)));
        String row = db.sql("select page_link::text from page_link")
                .query(String.class)
                .single();
        assertThat(row).doesNotContain(token);
        assertThat(row)
                .doesNotContain(java.util.HexFormat.of()
                        .formatHex(Base64.getUrlDecoder().decode(token)));
    }

    @Test
    void aTokenNamesItsOwnPageAndNoOther() {
        String a = links.mint(UUID.randomUUID(), 100);
        String b = links.mint(UUID.randomUUID(), 101);

        assertThat(links.pageId(a)).contains(100L);
        assertThat(links.pageId(b)).contains(101L);
    }

    @Test
    void anUnknownAlteredOrMalformedTokenNamesNoPage() {
        String token = links.mint(UUID.randomUUID(), 5);
        char[] chars = token.toCharArray();
        chars[10] = chars[10] == 'A' ? 'B' : 'A';

        assertThat(links.pageId(new String(chars))).as("altered").isEmpty();
        assertThat(links.pageId(token.substring(0, 20)))
                .as("the old 20-character form")
                .isEmpty();
        assertThat(links.pageId(token + "A")).as("too long").isEmpty();
        assertThat(links.pageId("not base64 !!!!!!!!!!!")).isEmpty();
        assertThat(links.pageId("")).isEmpty();
        assertThat(links.pageId(null)).isEmpty();
        assertThat(links.pageId("AAAAAAAAAAAAAAAAAAAAAA"))
                .as("well formed, never minted")
                .isEmpty();
    }

    @Test
    void aLinkWorksForItsValidityThenNoMore() {
        String token = links.mint(UUID.randomUUID(), 9);

        advanceClock(VALIDITY.minusMinutes(1));
        assertThat(links.pageId(token)).contains(9L);

        advanceClock(Duration.ofMinutes(2));
        assertThat(links.pageId(token)).isEmpty();
    }

    @Test
    void aHandoffThatEndsRevokesItsLinksAndOnlyItsLinks() {
        for (String end : List.of("HANDED_OFF", "CANCELLED", "PERSON_LEFT")) {
            UUID ended = UUID.randomUUID();
            UUID other = UUID.randomUUID();
            String first = links.mint(ended, 1);
            String second = links.mint(ended, 2);
            String elsewhere = links.mint(other, 3);

            links.onMoved(new HandoffMoved(ended, 1, end, "cm-ana"));

            assertThat(links.pageId(first)).as("after %s", end).isEmpty();
            assertThat(links.pageId(second)).as("after %s", end).isEmpty();
            assertThat(links.pageId(elsewhere))
                    .as("another handoff, after %s", end)
                    .contains(3L);
        }
    }

    @Test
    void aHandoffThatMovesOnWithoutEndingKeepsItsLinks() {
        UUID referral = UUID.randomUUID();
        String token = links.mint(referral, 11);

        for (String move : List.of("ACKNOWLEDGED", "EN_ROUTE", "ON_SCENE", "DECLINED", "LAPSED", "UNANSWERED")) {
            links.onMoved(new HandoffMoved(referral, 1, move, "cm-ana"));
            assertThat(links.pageId(token)).as("after %s", move).contains(11L);
        }
    }

    @Test
    void theSweepDeletesExpiredLinksOnly() {
        links.mint(UUID.randomUUID(), 1);
        UUID revoked = UUID.randomUUID();
        links.mint(revoked, 2);
        links.revoke(revoked);
        advanceClock(Duration.ofHours(6));
        String fresh = links.mint(UUID.randomUUID(), 3);
        advanceClock(Duration.ofHours(7));

        assertThat(links.forgetExpired()).isEqualTo(2);

        assertThat(db.sql("select page_id from page_link").query(Long.class).list())
                .containsExactly(3L);
        assertThat(links.pageId(fresh)).contains(3L);
    }

    private static Pages.Claimed claimed(long id, UUID referral, String kind, String body) {
        return new Pages.Claimed(id, referral, 0, kind, "+12065550100", body, 1);
    }

    @Test
    void aClaimedTextGetsAFreshStoredTokenInItsSlotAndEverythingElseIsLeftAsItIs() {
        UUID referral = UUID.randomUUID();
        String stored = PageText.page("K7MQ2T", Door.SOCIAL_CONTACT, "1501 3rd Ave", 1, links.unminted());
        assertThat(stored).endsWith(BASE + "/p/" + PageLinks.SLOT);
        String reminder = PageText.reminder("K7MQ2T", 1);

        List<Pages.Claimed> sent = links.withLinks(List.of(
                claimed(31, referral, "PAGE", stored),
                claimed(32, referral, "REMINDER", reminder),
                claimed(33, referral, "VOICE", "This is Doorway " + stored)));

        String text = sent.get(0).body();
        assertThat(text).hasSameSizeAs(stored).doesNotContain(PageLinks.SLOT);
        String token = text.substring(text.lastIndexOf("/p/") + 3);
        assertThat(links.pageId(token)).as("stored before it is sent").contains(31L);
        assertThat(text).isEqualTo(stored.replace(PageLinks.SLOT, token));
        assertThat(sent.get(1).body()).isEqualTo(reminder);
        assertThat(sent.get(2).body()).as("a call speaks no link").isEqualTo("This is Doorway " + stored);

        String again = links.withLinks(List.of(claimed(31, referral, "PAGE", stored)))
                .get(0)
                .body();
        String second = again.substring(again.lastIndexOf("/p/") + 3);
        assertThat(second).as("each sending its own token").isNotEqualTo(token);
        assertThat(links.pageId(second)).contains(31L);
    }

    @Test
    void aPageWithItsLinkKeepsToTwoSegmentsAndTheSlotCannotComeFromItsWords() {
        String place = "/p/" + PageLinks.SLOT + " 12345 North Longname Boulevard Southwest, Apartment 1234";

        String stored = PageText.page("K7MQ2T", Door.ARREST_DIVERSION, place, 99, links.unminted());

        assertThat(stored).hasSizeLessThanOrEqualTo(2 * 153);
        assertThat(stored.indexOf(PageLinks.SLOT))
                .as("the slot only where the link is")
                .isEqualTo(stored.length() - PageLinks.SLOT.length());
    }
}
