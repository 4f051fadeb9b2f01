package org.doorway.staff;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Locale;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.authentication.AccountStatusException;
import org.springframework.security.authentication.AuthenticationProvider;
import org.springframework.security.authentication.BadCredentialsException;
import org.springframework.security.authentication.LockedException;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.authentication.dao.DaoAuthenticationProvider;
import org.springframework.security.core.Authentication;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.security.web.authentication.WebAuthenticationDetails;

/**
 * Form sign-in against {@link StaffAccounts}, refused for a while after too many wrong passwords
 * for one account or from one client address ({@link SignInLimits}). The counts are rows of
 * {@code sign_in_throttle}, so every replica sees the same ones. A refusal is
 * {@link TooManyFailures}, checked before the account is looked up, so it is the same whether or
 * not the account exists, and a locked account costs no password hash. A successful sign-in clears
 * the account's count (not the address's: one good password must not buy more guesses at others).
 * A refused attempt does not count again.
 */
final class ThrottledSignIn implements AuthenticationProvider {

    private final DaoAuthenticationProvider passwords;
    private final JdbcClient db;
    private final SignInLimits limits;

    ThrottledSignIn(StaffAccounts accounts, PasswordEncoder encoder, JdbcClient db, SignInLimits limits) {
        this.passwords = new DaoAuthenticationProvider(accounts::loadUserByUsername);
        this.passwords.setPasswordEncoder(encoder);
        this.db = db;
        this.limits = limits;
    }

    /** Sign-in refused because its account or address failed too often lately. */
    static final class TooManyFailures extends LockedException {
        TooManyFailures(long seconds) {
            super("Too many failed sign-ins. Wait " + Math.max(1, (seconds + 59) / 60)
                    + " minute(s), then try again. An administrator can set a new password meanwhile.");
        }
    }

    @Override
    public Authentication authenticate(Authentication attempt) {
        String account = accountKey(attempt.getName());
        String address = attempt.getDetails() instanceof WebAuthenticationDetails web && web.getRemoteAddress() != null
                ? key("address:" + web.getRemoteAddress())
                : null;
        long lockedFor = db.sql("""
                        select coalesce(ceil(extract(epoch from max(locked_until) - now())), 0)::bigint
                        from sign_in_throttle where key in (?, ?) and locked_until > now()""").params(account, address).query(Long.class).single();
        if (lockedFor > 0) {
            throw new TooManyFailures(lockedFor);
        }
        try {
            Authentication signedIn = passwords.authenticate(attempt);
            clear(attempt.getName());
            return signedIn;
        } catch (BadCredentialsException | AccountStatusException wrong) {
            failed(account, limits.failuresPerAccount());
            if (address != null) {
                failed(address, limits.failuresPerAddress());
            }
            db.sql("""
                            delete from sign_in_throttle
                            where last_failure_at < now() - make_interval(secs => ?)
                              and (locked_until is null or locked_until < now())""").param((double) limits.window().toSeconds()).update();
            throw wrong;
        }
    }

    @Override
    public boolean supports(Class<?> authentication) {
        return UsernamePasswordAuthenticationToken.class.isAssignableFrom(authentication);
    }

    /** Forgets an account's failed sign-ins (a successful one, or a new password), lifting its lock. */
    void clear(String username) {
        db.sql("delete from sign_in_throttle where key = ?")
                .param(accountKey(username))
                .update();
    }

    private void failed(String key, int limit) {
        int failures = db.sql("""
                        insert into sign_in_throttle as t (key, failures, last_failure_at) values (?, 1, now())
                        on conflict (key) do update
                        set failures = case when t.last_failure_at < now() - make_interval(secs => ?) then 1
                                            else t.failures + 1 end,
                            last_failure_at = now()
                        returning failures""")
                .params(key, (double) limits.window().toSeconds())
                .query(Integer.class)
                .single();
        Duration lock = limits.lockAfter(failures, limit);
        if (!lock.isZero()) {
            db.sql("update sign_in_throttle set locked_until = now() + make_interval(secs => ?) where key = ?")
                    .params((double) lock.toSeconds(), key)
                    .update();
        }
    }

    /** The row key of an account's count: usernames differing only in case share one. */
    static String accountKey(String username) {
        return key("account:" + (username == null ? "" : username.toLowerCase(Locale.ROOT)));
    }

    private static String key(String what) {
        try {
            return HexFormat.of()
                    .formatHex(MessageDigest.getInstance("SHA-256").digest(what.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
    }
}
