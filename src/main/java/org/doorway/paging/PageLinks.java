package org.doorway.paging;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Pattern;
import org.doorway.handoff.HandoffMoved;
import org.doorway.system.DoorwayProperties;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.event.EventListener;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * The one-tap link each text page carries: {@code <public-base-url>/p/<token>}. The token is 16
 * bytes from {@link SecureRandom} (128 bits, 22 base64url characters), so it cannot be guessed nor
 * derived from anything else (page ids are sequential; the token has nothing to do with them).
 * Only its SHA-256 hash is stored, in {@code page_link}, bound to one page: a token names that page
 * and no other, and whoever reads the table learns no working link.
 *
 * <p>A token is minted when its page is claimed for sending ({@link #withLinks}), in the claim's
 * transaction, which commits before the provider is called: every token that leaves Doorway is
 * stored, and each attempt to send a page carries its own. The page's stored text keeps a
 * {@link #SLOT} where the token goes, never a token.
 *
 * <p>A link stops working after {@code doorway.paging.link-validity} from its sending, and at once
 * when its handoff ends (handed off, cancelled, person left): its rows are marked revoked in the
 * transaction that ended it. Expired rows are deleted by the paging engine's sweep
 * ({@link #forgetExpired}). Every replica reads the same rows, and time is the database's
 * ({@code doorway_now()}), so every replica agrees on what works.
 */
@Repository
class PageLinks {

    /** Random bytes in a token: 128 bits. */
    static final int TOKEN_BYTES = 16;

    /** Characters in a token: 16 bytes in base64url without padding. */
    static final int TOKEN_CHARS = 22;

    /**
     * Where the token goes in a page's stored text: as long as a token, so that the text is cut to
     * its SMS segments with the link's real length, and made of braces and dashes, which a page's
     * own words never contain ({@link PageText#gsm} turns braces into spaces).
     */
    static final String SLOT = "{" + "-".repeat(TOKEN_CHARS - 2) + "}";

    private static final Pattern TOKEN = Pattern.compile("[A-Za-z0-9_-]{" + TOKEN_CHARS + "}");

    /** The moves that end a handoff, and with it every link to its pages. */
    private static final Set<String> ENDS = Set.of("HANDED_OFF", "CANCELLED", "PERSON_LEFT");

    private final JdbcClient db;
    private final Duration validity;
    private final String base;
    private final SecureRandom random;

    @Autowired
    PageLinks(JdbcClient db, DoorwayProperties properties) {
        this(db, properties.publicBaseUrl(), properties.paging().linkValidity(), new SecureRandom());
    }

    PageLinks(JdbcClient db, String publicBaseUrl, Duration validity, SecureRandom random) {
        this.db = db;
        this.base = publicBaseUrl;
        this.validity = validity;
        this.random = random;
    }

    /** The link as a page's stored text carries it, before it is sent: {@link #SLOT} for the token. */
    String unminted() {
        return base + "/p/" + SLOT;
    }

    /**
     * The pages just claimed, each text whose words carry a link given a freshly minted token for
     * its page. Runs in the claim's transaction (see the class comment).
     */
    List<Pages.Claimed> withLinks(List<Pages.Claimed> claimed) {
        return claimed.stream()
                .map(page -> !"VOICE".equals(page.kind()) && page.body().contains("/p/" + SLOT)
                        ? new Pages.Claimed(
                                page.id(),
                                page.referralId(),
                                page.step(),
                                page.kind(),
                                page.to(),
                                page.body().replace("/p/" + SLOT, "/p/" + mint(page.referralId(), page.id())),
                                page.attempts())
                        : page)
                .toList();
    }

    /**
     * A new token for the page {@code pageId} of the referral {@code referralId}, stored (as its
     * hash) in the caller's transaction, valid for {@code doorway.paging.link-validity} from now.
     */
    String mint(UUID referralId, long pageId) {
        byte[] bytes = new byte[TOKEN_BYTES];
        random.nextBytes(bytes);
        String token = java.util.Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
        db.sql("""
                        insert into page_link (token_hash, page_id, referral_id, created_at, expires_at)
                        values (?, ?, ?, doorway_now(), doorway_now() + make_interval(secs => ?))""")
                .params(hash(token), pageId, referralId, validity.toMillis() / 1000.0)
                .update();
        return token;
    }

    /**
     * The page a token names, if it was minted here, has not expired and its handoff has not
     * ended; empty for anything else, alike (nothing tells an unknown token from a revoked one).
     */
    Optional<Long> pageId(String token) {
        if (token == null || !TOKEN.matcher(token).matches()) {
            return Optional.empty();
        }
        return db.sql("""
                        select page_id from page_link
                        where token_hash = ? and expires_at > doorway_now() and revoked_at is null""").param(hash(token)).query(Long.class).optional();
    }

    /**
     * Revokes every link to the pages of a handoff that has just ended. Runs synchronously in the
     * transaction that ended it (see {@link HandoffMoved}), so the links die if and only if the end
     * commits.
     */
    @EventListener
    void onMoved(HandoffMoved moved) {
        if (ENDS.contains(moved.kind())) {
            revoke(moved.referralId());
        }
    }

    /** Revokes every link to the pages of this referral, in the caller's transaction. */
    int revoke(UUID referralId) {
        return db.sql("update page_link set revoked_at = doorway_now() where referral_id = ? and revoked_at is null")
                .param(referralId)
                .update();
    }

    /** Deletes links that have expired (revoked or not), in the caller's transaction; returns how many. */
    int forgetExpired() {
        return db.sql("delete from page_link where expires_at <= doorway_now()").update();
    }

    static byte[] hash(String token) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.US_ASCII));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
