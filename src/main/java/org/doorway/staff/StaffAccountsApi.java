package org.doorway.staff;

import java.util.List;
import java.util.Map;
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
 */
@RestController
class StaffAccountsApi {

    private final StaffAccounts accounts;

    StaffAccountsApi(StaffAccounts accounts) {
        this.accounts = accounts;
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

    private static boolean admin(Authentication user) {
        return user != null
                && user.getAuthorities().stream().anyMatch(a -> a.getAuthority().equals(StaffRole.ADMIN.authority()));
    }

    @GetMapping("/api/v1/users")
    ResponseEntity<Object> list(Authentication user) {
        if (!admin(user)) {
            return problem(HttpStatus.FORBIDDEN, "Not allowed", "Only administrators manage accounts.");
        }
        return ResponseEntity.ok(accounts.all());
    }

    @PostMapping("/api/v1/users")
    ResponseEntity<Object> create(@RequestBody NewAccount account, Authentication user) {
        if (!admin(user)) {
            return problem(HttpStatus.FORBIDDEN, "Not allowed", "Only administrators manage accounts.");
        }
        if (account.username() == null || !account.username().matches("[a-z0-9._-]{2,64}") || account.role() == null) {
            return problem(
                    HttpStatus.BAD_REQUEST,
                    "Invalid account",
                    "username (2-64 of a-z 0-9 . _ -) and role (" + List.of(StaffRole.values()) + ") are required.");
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
        if (!admin(user)) {
            return problem(HttpStatus.FORBIDDEN, "Not allowed", "Only administrators manage accounts.");
        }
        if (accounts.find(username).isEmpty()) {
            return problem(HttpStatus.NOT_FOUND, "No such account", "There is no account with this username.");
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
