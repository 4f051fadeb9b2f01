package org.doorway.portal;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Base64;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * Counts portal submissions in fixed windows stored in PostgreSQL, so that limits hold however many
 * instances run. Each submission is counted first against its client address, then (only if the
 * address is within its limit, so that one flooding client cannot use up a partner's allowance)
 * against the partner code or the site's public code.
 *
 * <p>Addresses are never stored: a bucket names an HMAC-SHA256 of the address, keyed with a secret
 * kept in the database and mixed with the window's start, so counters of one window cannot be
 * linked to the next. IPv6 clients are counted by their /64 prefix, since one host usually holds a
 * whole /64.
 */
@Component
class RateLimiter {

    /** The public code's bucket name (partner codes are upper case and may not be this). */
    static final String PUBLIC = "PUBLIC";

    private final JdbcClient db;
    private final Clock clock;
    private volatile byte[] key;

    @Autowired
    RateLimiter(JdbcClient db) {
        this(db, Clock.systemUTC());
    }

    RateLimiter(JdbcClient db, Clock clock) {
        this.db = db;
        this.clock = clock;
    }

    /**
     * Whether a submission may go ahead.
     *
     * @param allowed    whether it may
     * @param limitedBy  which limit refused it ({@code address} or {@code code}), or {@code null}
     * @param retryAfter how long until the refusing window ends, or zero
     */
    record Verdict(boolean allowed, String limitedBy, Duration retryAfter) {}

    /**
     * Counts one submission to {@code site} from {@code clientAddress} through {@code code} (a
     * partner code, or {@link #PUBLIC}) and says whether it is within the portal's limits.
     */
    Verdict admit(String site, String clientAddress, String code, PortalSettings.RateLimits limits) {
        Instant now = clock.instant();
        PortalSettings.Limit perAddress = limits.perAddress();
        Instant start = windowStart(now, perAddress.window());
        String addressBucket = "address:" + site + ":" + hash(site, clientAddress, start);
        if (count(addressBucket, start, perAddress.window(), now) > perAddress.max()) {
            return new Verdict(false, "address", Duration.between(now, start.plus(perAddress.window())));
        }
        PortalSettings.Limit perCode = PUBLIC.equals(code) ? limits.publicForm() : limits.perPartner();
        Instant codeStart = windowStart(now, perCode.window());
        if (count("code:" + site + ":" + code, codeStart, perCode.window(), now) > perCode.max()) {
            return new Verdict(false, "code", Duration.between(now, codeStart.plus(perCode.window())));
        }
        return new Verdict(true, null, Duration.ZERO);
    }

    /** The start of the fixed window of length {@code window} that holds {@code now}. */
    static Instant windowStart(Instant now, Duration window) {
        long seconds = window.toSeconds();
        return Instant.ofEpochSecond(Math.floorDiv(now.getEpochSecond(), seconds) * seconds);
    }

    private int count(String bucket, Instant start, Duration window, Instant now) {
        int hits = db.sql("""
                        insert into portal_rate_window (bucket, window_start, expires_at, hits) values (?, ?, ?, 1)
                        on conflict (bucket, window_start) do update set hits = portal_rate_window.hits + 1
                        returning hits""")
                .params(bucket, Timestamp.from(start), Timestamp.from(start.plus(window)))
                .query(Integer.class)
                .single();
        if (hits == 1) {
            // A new window began: a good moment to forget the ones that have ended.
            db.sql("delete from portal_rate_window where expires_at < ?")
                    .param(Timestamp.from(now))
                    .update();
        }
        return hits;
    }

    /** The keyed hash that stands for a client address in one window; never the address itself. */
    String hash(String site, String clientAddress, Instant windowStart) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key(), "HmacSHA256"));
            byte[] digest = mac.doFinal((site + "\n" + network(clientAddress) + "\n" + windowStart.getEpochSecond())
                    .getBytes(StandardCharsets.UTF_8));
            return Base64.getUrlEncoder().withoutPadding().encodeToString(Arrays.copyOf(digest, 18));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 unavailable", e);
        }
    }

    /**
     * What is counted of a client address: an IPv4 address whole (also when written as
     * IPv4-mapped IPv6), an IPv6 address by its /64 prefix. Anything that is not an address
     * literal is counted as written, never looked up.
     */
    static String network(String address) {
        if (address == null || address.isBlank()) {
            return "unknown";
        }
        String literal = address.trim();
        if (literal.startsWith("[") && literal.endsWith("]")) {
            literal = literal.substring(1, literal.length() - 1);
        }
        int zone = literal.indexOf('%');
        if (zone >= 0) {
            literal = literal.substring(0, zone);
        }
        if (!(literal.matches("[0-9A-Fa-f:.]+") && literal.contains(":"))
                && !literal.matches("\\d{1,3}(\\.\\d{1,3}){3}")) {
            return literal;
        }
        try {
            byte[] bytes = InetAddress.getByName(literal).getAddress(); // a literal: no lookup
            if (bytes.length == 4) {
                return InetAddress.getByAddress(bytes).getHostAddress();
            }
            byte[] prefix = Arrays.copyOf(bytes, 16);
            Arrays.fill(prefix, 8, 16, (byte) 0);
            return InetAddress.getByAddress(prefix).getHostAddress() + "/64";
        } catch (UnknownHostException e) {
            return literal;
        }
    }

    private byte[] key() {
        byte[] k = key;
        if (k == null) {
            byte[] fresh = new byte[32];
            new SecureRandom().nextBytes(fresh);
            db.sql("insert into portal_secret (name, secret) values ('address-hmac', ?) on conflict (name) do nothing")
                    .param(fresh)
                    .update();
            k = db.sql("select secret from portal_secret where name = 'address-hmac'")
                    .query(byte[].class)
                    .single();
            key = k;
        }
        return k;
    }
}
