package org.doorway.staff;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.SeekableByteChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.doorway.system.DoorwayProperties;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.core.userdetails.User;
import org.springframework.security.core.userdetails.UserDetails;
import org.springframework.security.core.userdetails.UsernameNotFoundException;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.stereotype.Component;

/**
 * Staff who sign in to Doorway's pages, stored with hashed passwords and a role
 * ({@link StaffRole}). At first start an {@code admin} account is created with
 * {@code DOORWAY_ADMIN_PASSWORD}, or with a generated password written to
 * {@code <data-dir>/admin-password.txt}, readable only by the user Doorway runs as (POSIX mode
 * 0600 where the file system has one). The password never goes to the console or the log, which
 * only say where the file is; Doorway keeps only its hash. Administrators create the others
 * ({@code /api/v1/users}).
 */
@Component
public class StaffAccounts {

    private static final Logger log = LoggerFactory.getLogger(StaffAccounts.class);

    private final JdbcClient db;
    private final PasswordEncoder encoder;
    private final DoorwayProperties properties;

    StaffAccounts(JdbcClient db, PasswordEncoder encoder, DoorwayProperties properties) {
        this.db = db;
        this.encoder = encoder;
        this.properties = properties;
    }

    /**
     * A member of staff.
     *
     * @param username      what they sign in with
     * @param role          what they may see and do
     * @param displayName   how they are shown
     * @param site          the site they belong to, or {@code null} for every site
     * @param caseManagerId for a case manager: their id in the site's roster
     * @param source        for a dispatcher: the source whose referrals they follow
     * @param disabled      whether they can no longer sign in
     */
    public record Staff(
            String username,
            StaffRole role,
            String displayName,
            String site,
            String caseManagerId,
            String source,
            boolean disabled) {

        /** Whether this person may see things of {@code siteId}. */
        public boolean covers(String siteId) {
            return site == null || site.equals(siteId);
        }
    }

    /**
     * The account as Spring Security signs it in (form sign-in goes through {@link ThrottledSignIn}).
     *
     * @throws UsernameNotFoundException when there is no such account
     */
    UserDetails loadUserByUsername(String username) {
        return db.sql("select username, password_hash, role, disabled_at is not null from app_user where username = ?")
                .param(username)
                .query((rs, n) -> User.withUsername(rs.getString(1))
                        .password(rs.getString(2))
                        .authorities(List.of(new SimpleGrantedAuthority(
                                StaffRole.valueOf(rs.getString(3)).authority())))
                        .disabled(rs.getBoolean(4))
                        .build())
                .optional()
                .orElseThrow(() -> new UsernameNotFoundException("no such user"));
    }

    /** The member of staff with this username, if any. */
    public Optional<Staff> find(String username) {
        return db.sql("""
                        select username, role, display_name, site, case_manager_id, source, disabled_at is not null
                        from app_user where username = ?""")
                .param(username)
                .query((rs, n) -> new Staff(
                        rs.getString(1),
                        StaffRole.valueOf(rs.getString(2)),
                        rs.getString(3),
                        rs.getString(4),
                        rs.getString(5),
                        rs.getString(6),
                        rs.getBoolean(7)))
                .optional();
    }

    /** Every account, by username. */
    public List<Staff> all() {
        return db.sql("""
                        select username, role, display_name, site, case_manager_id, source, disabled_at is not null
                        from app_user order by username""")
                .query((rs, n) -> new Staff(
                        rs.getString(1),
                        StaffRole.valueOf(rs.getString(2)),
                        rs.getString(3),
                        rs.getString(4),
                        rs.getString(5),
                        rs.getString(6),
                        rs.getBoolean(7)))
                .list();
    }

    /**
     * Creates an account with this password (hashed).
     *
     * @return false when the username is taken (nothing changed)
     */
    public boolean create(Staff staff, String password, String createdBy) {
        return db.sql("""
                        insert into app_user (username, password_hash, role, display_name, site, case_manager_id, source,
                                              created_by)
                        values (?, ?, ?, ?, ?, ?, ?, ?) on conflict (username) do nothing""")
                        .params(
                                staff.username(),
                                encoder.encode(password),
                                staff.role().name(),
                                staff.displayName(),
                                staff.site(),
                                staff.caseManagerId(),
                                staff.source(),
                                createdBy)
                        .update()
                == 1;
    }

    /** Sets a new password, and lifts a lock that failed sign-ins put on the account. */
    public void setPassword(String username, String password) {
        db.sql("update app_user set password_hash = ? where username = ?")
                .params(encoder.encode(password), username)
                .update();
        db.sql("delete from sign_in_throttle where key = ?")
                .param(ThrottledSignIn.accountKey(username))
                .update();
    }

    /** Gives an account another role. */
    public void setRole(String username, StaffRole role) {
        db.sql("update app_user set role = ? where username = ?")
                .params(role.name(), username)
                .update();
    }

    /** Disables or re-enables an account. */
    public void setDisabled(String username, boolean disabled) {
        db.sql("update app_user set disabled_at = case when ? then coalesce(disabled_at, now()) end where username = ?")
                .params(disabled, username)
                .update();
    }

    /** A new random password: 20 characters, URL-safe. */
    public static String generatePassword() {
        byte[] random = new byte[15];
        new SecureRandom().nextBytes(random);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(random);
    }

    /** Where a generated first-start password is written. */
    static Path adminPasswordFile(Path dataDir) {
        return dataDir.resolve("admin-password.txt");
    }

    @EventListener(ApplicationReadyEvent.class)
    void createAdminAtFirstStart() {
        String password = properties.adminPassword();
        boolean generated = password.isBlank();
        if (generated) {
            password = generatePassword();
        }
        boolean created = create(
                new Staff("admin", StaffRole.ADMIN, "Administrator", null, null, null, false), password, "first start");
        if (created && generated) {
            Path file = adminPasswordFile(properties.dataDir()).toAbsolutePath();
            try {
                writeOwnerOnly(file, "user: admin\npassword: " + password + "\n");
            } catch (IOException e) {
                // Without the file nobody could sign in as admin: undo, so the next start tries again.
                db.sql("delete from app_user where username = 'admin' and created_by = 'first start'")
                        .update();
                throw new UncheckedIOException("could not write the first-start password file " + file, e);
            }
            log.warn(
                    "Doorway created the administrator account 'admin' at first start. Its generated password is"
                            + " in {} (readable only by this service's user). Sign in, set a password of your own"
                            + " and delete the file; or set DOORWAY_ADMIN_PASSWORD before the first start.",
                    file);
        }
    }

    /**
     * Writes {@code text} to a new {@code file} created with mode 0600 (owner read and write) where
     * the file system is POSIX, so it is never readable by others, not even for a moment.
     */
    static void writeOwnerOnly(Path file, String text) throws IOException {
        Files.createDirectories(file.getParent());
        Files.deleteIfExists(file);
        boolean posix = file.getFileSystem().supportedFileAttributeViews().contains("posix");
        FileAttribute<?>[] attributes = posix
                ? new FileAttribute<?>[] {
                    PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------"))
                }
                : new FileAttribute<?>[0];
        try (SeekableByteChannel out = Files.newByteChannel(
                file, Set.of(StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE), attributes)) {
            out.write(ByteBuffer.wrap(text.getBytes(StandardCharsets.UTF_8)));
        }
        if (posix) {
            // The process's umask may have narrowed the mode further, never widened it; set it exactly.
            Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
        }
    }
}
