package org.doorway.system;

import java.security.SecureRandom;
import java.util.Base64;
import java.util.List;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.core.userdetails.User;
import org.springframework.security.core.userdetails.UserDetails;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.security.core.userdetails.UsernameNotFoundException;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.stereotype.Component;

/**
 * Staff who sign in to Doorway's pages, stored with hashed passwords. At first start an
 * {@code admin} account is created with {@code DOORWAY_ADMIN_PASSWORD}, or with a generated
 * password printed once to the console (and never again: only its hash is kept).
 */
@Component
class StaffAccounts implements UserDetailsService {

    private final JdbcClient db;
    private final PasswordEncoder encoder;
    private final DoorwayProperties properties;

    StaffAccounts(JdbcClient db, PasswordEncoder encoder, DoorwayProperties properties) {
        this.db = db;
        this.encoder = encoder;
        this.properties = properties;
    }

    @Override
    public UserDetails loadUserByUsername(String username) {
        return db.sql("select username, password_hash, role from app_user where username = ?")
                .param(username)
                .query((rs, n) -> User.withUsername(rs.getString(1))
                        .password(rs.getString(2))
                        .authorities(List.of(new SimpleGrantedAuthority("ROLE_" + rs.getString(3))))
                        .build())
                .optional()
                .orElseThrow(() -> new UsernameNotFoundException("no such user"));
    }

    @EventListener(ApplicationReadyEvent.class)
    void createAdminAtFirstStart() {
        String password = properties.adminPassword();
        boolean generated = password.isBlank();
        if (generated) {
            byte[] random = new byte[15];
            new SecureRandom().nextBytes(random);
            password = Base64.getUrlEncoder().withoutPadding().encodeToString(random);
        }
        int created = db.sql("insert into app_user (username, password_hash, role) values ('admin', ?, 'ADMIN') "
                        + "on conflict (username) do nothing")
                .param(encoder.encode(password))
                .update();
        if (created == 1 && generated) {
            System.out.println("""

                    ================================================================
                     Doorway created the administrator account at first start.
                       user:     admin
                       password: %s
                     It is shown this once. Set DOORWAY_ADMIN_PASSWORD to choose it.
                    ================================================================
                    """.formatted(password));
        }
    }
}
