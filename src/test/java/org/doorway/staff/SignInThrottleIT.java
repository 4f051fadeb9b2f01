package org.doorway.staff;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.doorway.DoorwayAppIT;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * Form sign-in is refused for a while after 5 wrong passwords for one account, or 20 from one
 * client address whatever the usernames (the defaults of {@code doorway.sign-in.*}); the login
 * page says so, the same for an account that does not exist; a successful sign-in starts the
 * account's count again. Each test signs in from its own loopback address (127.x.y.z, never
 * 127.0.0.1), so its failures count against nobody else's tests.
 */
class SignInThrottleIT extends DoorwayAppIT {

    private static final Pattern CSRF = Pattern.compile("name=\"_csrf\"[^>]*value=\"([^\"]+)\"");
    private static final String REFUSED = "Too many failed sign-ins";

    @Autowired
    StaffAccounts accounts;

    /**
     * One browser at one client address: plain HTTP/1.0 over a socket bound to that loopback
     * address (Java's HTTP client cannot choose its source address, and Linux would otherwise send
     * from 127.0.0.1 whatever loopback address it connects to), keeping its cookies.
     */
    private final class Browser {
        final String address;
        final Map<String, String> cookies = new LinkedHashMap<>();

        Browser(String address) {
            this.address = address;
        }

        /** Signs in; true when the form sent the browser on rather than back with an error. */
        boolean signIn(String username, String password) {
            String token = token(exchange("GET", "/login", null).body());
            Answer answer = exchange(
                    "POST",
                    "/login",
                    "username=" + URLEncoder.encode(username, StandardCharsets.UTF_8) + "&password="
                            + URLEncoder.encode(password, StandardCharsets.UTF_8) + "&_csrf="
                            + URLEncoder.encode(token, StandardCharsets.UTF_8));
            assertThat(answer.status()).isEqualTo(302);
            return !answer.headers().getOrDefault("location", "").contains("error");
        }

        String get(String path) {
            return exchange("GET", path, null).body();
        }

        private Answer exchange(String method, String path, String form) {
            try (Socket socket = new Socket()) {
                socket.bind(new InetSocketAddress(InetAddress.getByName(address), 0));
                socket.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 5000);
                socket.setSoTimeout(30_000);
                byte[] body = form == null ? new byte[0] : form.getBytes(StandardCharsets.UTF_8);
                StringBuilder request = new StringBuilder()
                        .append(method)
                        .append(' ')
                        .append(path)
                        .append(" HTTP/1.0\r\nHost: localhost:")
                        .append(port)
                        .append("\r\n");
                if (!cookies.isEmpty()) {
                    request.append("Cookie: ")
                            .append(cookies.entrySet().stream()
                                    .map(c -> c.getKey() + "=" + c.getValue())
                                    .collect(Collectors.joining("; ")))
                            .append("\r\n");
                }
                if (form != null) {
                    request.append("Content-Type: application/x-www-form-urlencoded\r\nContent-Length: ")
                            .append(body.length)
                            .append("\r\n");
                }
                request.append("\r\n");
                OutputStream out = socket.getOutputStream();
                out.write(request.toString().getBytes(StandardCharsets.ISO_8859_1));
                out.write(body);
                out.flush();
                String response = new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
                int end = response.indexOf("\r\n\r\n");
                String[] head = response.substring(0, end).split("\r\n");
                Map<String, String> headers = new LinkedHashMap<>();
                for (int i = 1; i < head.length; i++) {
                    int colon = head[i].indexOf(':');
                    String name = head[i].substring(0, colon).trim().toLowerCase(Locale.ROOT);
                    String value = head[i].substring(colon + 1).trim();
                    if (name.equals("set-cookie")) {
                        String pair = value.split(";", 2)[0];
                        int eq = pair.indexOf('=');
                        if (value.toLowerCase(Locale.ROOT).contains("max-age=0")) {
                            cookies.remove(pair.substring(0, eq));
                        } else {
                            cookies.put(pair.substring(0, eq), pair.substring(eq + 1));
                        }
                    }
                    headers.putIfAbsent(name, value);
                }
                return new Answer(Integer.parseInt(head[0].split(" ")[1]), headers, response.substring(end + 4));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        private static String token(String page) {
            Matcher token = CSRF.matcher(page);
            assertThat(token.find()).as("the login form's CSRF token").isTrue();
            return token.group(1);
        }
    }

    private record Answer(int status, Map<String, String> headers, String body) {}

    /** An address of this machine's loopback network that no other test uses. */
    private static String freshAddress() {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        return "127." + random.nextInt(1, 255) + "." + random.nextInt(0, 256) + "." + random.nextInt(2, 255);
    }

    private static String tag() {
        return Long.toString(System.nanoTime() % 1_000_000);
    }

    private String account(String username) {
        String password = StaffAccounts.generatePassword();
        assertThat(accounts.create(
                        new StaffAccounts.Staff(username, StaffRole.SUPERVISOR, username, "demo", null, null, false),
                        password,
                        "test"))
                .isTrue();
        return password;
    }

    @Test
    void afterFiveWrongPasswordsEvenTheRightOneIsRefusedAndTheLoginPageSaysWhy() {
        String username = "locked" + tag();
        String password = account(username);
        Browser browser = new Browser(freshAddress());

        for (int i = 0; i < 5; i++) {
            assertThat(browser.signIn(username, "wrong-" + i)).isFalse();
            assertThat(browser.get("/login?error")).contains("Wrong username or password.");
        }
        boolean sixth = browser.signIn(username, password);

        assertThat(sixth).as("the right password while locked").isFalse();
        assertThat(browser.get("/login?error")).contains(REFUSED).doesNotContain("Wrong username or password.");
        assertThat(new Browser(freshAddress()).signIn(username, password))
                .as("the account is locked from every address")
                .isFalse();
    }

    @Test
    void anAccountThatDoesNotExistIsRefusedTheSameWay() {
        Browser browser = new Browser(freshAddress());
        String nobody = "nobody" + tag();

        for (int i = 0; i < 5; i++) {
            assertThat(browser.signIn(nobody, "wrong-" + i)).isFalse();
            assertThat(browser.get("/login?error")).contains("Wrong username or password.");
        }
        assertThat(browser.signIn(nobody, "wrong-again")).isFalse();

        assertThat(browser.get("/login?error")).contains(REFUSED);
    }

    @Test
    void aSuccessfulSignInStartsTheAccountsCountAgain() {
        String username = "reset" + tag();
        String password = account(username);
        Browser browser = new Browser(freshAddress());

        for (int round = 0; round < 3; round++) {
            for (int i = 0; i < 4; i++) {
                assertThat(browser.signIn(username, "wrong-" + i)).isFalse();
            }
            assertThat(browser.signIn(username, password))
                    .as("round %d: 4 failures since the last success", round)
                    .isTrue();
        }
    }

    @Test
    void twentyWrongPasswordsFromOneAddressLockThatAddressForEveryAccountButNotTheAccountsElsewhere() {
        String username = "victim" + tag();
        String password = account(username);
        Browser attacker = new Browser(freshAddress());

        for (int i = 0; i < 20; i++) {
            assertThat(attacker.signIn("guess" + tag() + "x" + i, "wrong")).isFalse();
        }
        boolean fromThatAddress = attacker.signIn(username, password);

        assertThat(fromThatAddress).as("a real account from the locked address").isFalse();
        assertThat(attacker.get("/login?error")).contains(REFUSED);
        assertThat(new Browser(freshAddress()).signIn(username, password))
                .as("the same account from elsewhere")
                .isTrue();
    }

    @Test
    void settingAPasswordLiftsTheAccountsLock() {
        String username = "relock" + tag();
        account(username);
        Browser browser = new Browser(freshAddress());
        for (int i = 0; i < 5; i++) {
            assertThat(browser.signIn(username, "wrong-" + i)).isFalse();
        }

        String fresh = StaffAccounts.generatePassword();
        accounts.setPassword(username, fresh);

        assertThat(new Browser(freshAddress()).signIn(username, fresh)).isTrue();
    }
}
