package org.doorway.staff;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.Authentication;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code /api/v1/users}: administrators manage staff accounts. A new account without a password
 * gets a generated one, returned in the answer once and never again. Passwords are never listed.
 *
 * <p>The global administrator (an administrator bound to no site, {@link Viewer#globalAdmin()})
 * lists and changes every account. An administrator of one site ({@link Viewer#siteAdmin()}) lists,
 * creates, disables and resets the passwords of that site's accounts only: an account of another
 * site or of none (the global {@code admin} included) answers 404 as if it did not exist, creating
 * one for another site is refused (403), and an account they create without a site gets theirs.
 * Dispatchers, case managers and OWG members belong to one site ({@link StaffRole#siteBound()}):
 * creating one without a site, or making a site-less account one, is refused (400, naming
 * {@code site}).
 */
@RestController
class StaffAccountsApi {

    private final StaffAccounts accounts;
    private final Viewers viewers;

    StaffAccountsApi(StaffAccounts accounts, Viewers viewers) {
        this.accounts = accounts;
        this.viewers = viewers;
    }

    record NewAccount(
            String username,
            StaffRole role,
            String displayName,
            String site,
            String caseManagerId,
            String source,
            String password) {}

    record Change(StaffRole role, Boolean disabled, String password) {}

    private static ResponseEntity<Object> problem(HttpStatus status, String title, String detail) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, detail);
        problem.setTitle(title);
        return ResponseEntity.status(status).body(problem);
    }

    /** The administrator making the request, or empty when the caller is none. */
    private Optional<Viewer> admin(Authentication user) {
        return viewers.of(user).filter(v -> v.role() == StaffRole.ADMIN);
    }

    /** Whether {@code admin} manages {@code account}: every account for the global one, else their site's. */
    private static boolean manages(Viewer admin, StaffAccounts.Staff account) {
        return admin.globalAdmin() || admin.site().equals(account.site());
    }

    private static ResponseEntity<Object> notAdmin() {
        return problem(HttpStatus.FORBIDDEN, "Not allowed", "Only administrators manage accounts.");
    }

    private static ResponseEntity<Object> siteRequired(StaffRole role) {
        return problemWithField(
                HttpStatus.BAD_REQUEST,
                "Invalid account",
                "A " + role + " works one site: give the account a site.",
                "site",
                "required for role " + role);
    }

    private static ResponseEntity<Object> problemWithField(
            HttpStatus status, String title, String detail, String field, String reason) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, detail);
        problem.setTitle(title);
        problem.setProperty("errors", List.of(Map.of("field", field, "reason", reason)));
        return ResponseEntity.status(status).body(problem);
    }

    @GetMapping("/api/v1/users")
    ResponseEntity<Object> list(Authentication user) {
        Optional<Viewer> admin = admin(user);
        if (admin.isEmpty()) {
            return notAdmin();
        }
        return ResponseEntity.ok(accounts.all().stream()
                .filter(account -> manages(admin.get(), account))
                .toList());
    }

    @PostMapping("/api/v1/users")
    ResponseEntity<Object> create(@RequestBody NewAccount request, Authentication user) {
        Optional<Viewer> admin = admin(user);
        if (admin.isEmpty()) {
            return notAdmin();
        }
        String site = request.site() == null || request.site().isBlank()
                ? admin.get().site()
                : request.site().trim();
        if (admin.get().siteAdmin() && !admin.get().site().equals(site)) {
            return problem(
                    HttpStatus.FORBIDDEN, "Not allowed", "An administrator of one site creates accounts of that site.");
        }
        NewAccount account = new NewAccount(
                request.username(),
                request.role(),
                request.displayName(),
                site,
                request.caseManagerId(),
                request.source(),
                request.password());
        if (account.username() == null || !account.username().matches("[a-z0-9._-]{2,64}") || account.role() == null) {
            return problem(
                    HttpStatus.BAD_REQUEST,
                    "Invalid account",
                    "username (2-64 of a-z 0-9 . _ -) and role (" + List.of(StaffRole.values()) + ") are required.");
        }
        if (account.role().siteBound() && account.site() == null) {
            return siteRequired(account.role());
        }
        if (account.role() == StaffRole.CASE_MANAGER && account.caseManagerId() == null
                || account.role() == StaffRole.DISPATCHER && account.source() == null) {
            return problem(
                    HttpStatus.BAD_REQUEST,
                    "Invalid account",
                    "A case manager needs caseManagerId; a dispatcher needs source.");
        }
        String password = account.password() == null || account.password().isBlank()
                ? StaffAccounts.generatePassword()
                : account.password();
        if (password.length() < 12) {
            return problem(HttpStatus.BAD_REQUEST, "Invalid account", "Passwords have at least 12 characters.");
        }
        boolean created = accounts.create(
                new StaffAccounts.Staff(
                        account.username(),
                        account.role(),
                        account.displayName(),
                        account.site(),
                        account.caseManagerId(),
                        account.source(),
                        false),
                password,
                user.getName());
        if (!created) {
            return problem(HttpStatus.CONFLICT, "Username taken", "An account with this username exists.");
        }
        return ResponseEntity.status(HttpStatus.CREATED)
                .body(
                        account.password() == null || account.password().isBlank()
                                ? Map.of("username", account.username(), "password", password)
                                : Map.of("username", account.username()));
    }

    @PatchMapping("/api/v1/users/{username}")
    ResponseEntity<Object> change(@PathVariable String username, @RequestBody Change change, Authentication user) {
        Optional<Viewer> admin = admin(user);
        if (admin.isEmpty()) {
            return notAdmin();
        }
        Optional<StaffAccounts.Staff> target = accounts.find(username).filter(account -> manages(admin.get(), account));
        if (target.isEmpty()) {
            return problem(HttpStatus.NOT_FOUND, "No such account", "There is no account with this username.");
        }
        StaffRole role = change.role() != null ? change.role() : target.get().role();
        boolean enabled =
                change.disabled() != null ? !change.disabled() : !target.get().disabled();
        if (role.siteBound() && target.get().site() == null && enabled) {
            // An account from before sites were required: recreate it with a site instead.
            return siteRequired(role);
        }
        if (change.password() != null) {
            if (change.password().length() < 12) {
                return problem(HttpStatus.BAD_REQUEST, "Invalid password", "Passwords have at least 12 characters.");
            }
            accounts.setPassword(username, change.password());
        }
        if (change.disabled() != null) {
            accounts.setDisabled(username, change.disabled());
        }
        if (change.role() != null) {
            accounts.setRole(username, change.role());
        }
        return ResponseEntity.ok(accounts.find(username).orElseThrow());
    }
}
