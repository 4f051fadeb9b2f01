package org.doorway.readme;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.CookieManager;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * README.md's walk-through, as a newcomer follows it, against the packaged jar: "Try it: a warm
 * handoff from a 911 CAD, on your laptop", "The other doors" and the replay command. The commands
 * are read from the README's {@code ```sh} blocks and sent as written (only the port, the data
 * folder and {@code <id>} differ), so a README command that stops working fails here; the answers
 * checked are the ones the README's text and its shown output promise.
 *
 * <p>One Doorway process serves the whole class, with the settings a newcomer has: none but the
 * port and a fresh data folder. Steps run in the README's order; a step that needs the public
 * samples in {@code ../shared} is skipped, naming the file, when they are absent.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ReadmeWalkthroughIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration READY_WITHIN = Duration.ofSeconds(120);
    private static final Duration BOUND = Duration.ofSeconds(30);
    /** The referring officer of examples/eido-lead-warm-handoff.json, as the README names him. */
    private static final String OFFICER = "Officer R. Alvarez";

    private static final String DEMO_KEY = "demo-intake-key";

    private static Readme readme;
    private static DoorwayJar doorway;
    private static Path shared;
    private static HttpClient http;
    /** The LEAD example's first answer; every later step about "the referral" uses it. */
    private static JsonNode leadReferral;

    @BeforeAll
    static void startTheJarAsTheReadmeSays() {
        readme = Readme.load();
        shared = Path.of(System.getProperty(
                "doorway.shared.dir", readme.repository().resolve("../shared").toString()));
        http = HttpClient.newBuilder()
                .cookieHandler(new CookieManager())
                .connectTimeout(Duration.ofSeconds(5))
                .build();
        doorway = new DoorwayJar().start(readme.repository()).awaitReady(READY_WITHIN);
    }

    @AfterAll
    static void stopTheJarAndItsEmbeddedPostgres() {
        if (doorway != null) {
            doorway.close();
        }
    }

    @Test
    @Order(1)
    void theFirstStartWritesAGeneratedAdminPasswordToAFileOnlyItsOwnerReadsAndLogsOnlyWhere() throws Exception {
        Path file = doorway.dataDir().resolve("admin-password.txt");
        assertThat(adminPassword()).isNotBlank();
        assertThat(Files.getPosixFilePermissions(file))
                .containsExactlyInAnyOrder(
                        java.nio.file.attribute.PosixFilePermission.OWNER_READ,
                        java.nio.file.attribute.PosixFilePermission.OWNER_WRITE);
        assertThat(doorway.output()).contains("admin-password.txt").doesNotContain(adminPassword());
    }

    @Test
    @Order(2)
    void theNenaSampleGoesToTheOperationsWorkGroupByTheRuleForReferralsWithoutACallType() throws Exception {
        Curl curl = new Curl(
                readme.command("the NENA sample post", c -> c.toString().contains("eido-sample-call-transfer.json")));
        Response answer = send(curl, null);

        assertThat(answer.status()).as(curl + "\n" + answer.body()).isEqualTo(202);
        JsonNode referral = single(answer);
        assertThat(referral.path("outcome").asText()).isEqualTo("OWG_REVIEW");
        assertThat(referral.path("tellReferrer").asText())
                .as("the words to tell the referrer")
                .isNotBlank();

        JsonNode stored = get("/api/v1/referrals/" + referral.path("id").asText());
        JsonNode decision = stored.path("decision");
        assertThat(decision.isObject()).as("the stored decision in " + stored).isTrue();
        assertThat(decision.path("outcome").asText()).isEqualTo("OWG_REVIEW");
        // A source is given the words to tell the referrer as the reasons, never the rules and the
        // facts behind them (those are staff's: docs/privacy.md).
        assertThat(texts(decision.path("reasons")))
                .containsExactly(referral.path("tellReferrer").asText());
        assertThat(decision.has("rules")).as("rules in " + decision).isFalse();

        // Nobody is paged.
        assertThat(stored.path("handoff").isNull() || stored.path("handoff").isMissingNode())
                .as("handoff of " + stored)
                .isTrue();
        assertThat(outbox())
                .noneMatch(m -> m.path("body")
                        .asText()
                        .contains(referral.path("shortRef").asText()));
    }

    @Test
    @Order(3)
    void aCadIncidentCodedLeadIsAnsweredWithAWarmHandoffNowAsTheReadmeShows() throws Exception {
        Readme.Command command = leadCommand();
        JsonNode referral = leadReferral();

        // The answer shown under the command, with … standing for what differs from run to run.
        JsonNode shown = JSON.readTree(command.shownAnswer());
        assertThat(shown.path("referrals")).as("README shows one referral").hasSize(1);
        assertMatches(shown.path("referrals").get(0), referral, "referrals[0]");
        assertThat(referral.path("outcome").asText()).isEqualTo("WARM_HANDOFF_NOW");
        assertThat(referral.path("door").asText()).isEqualTo("SOCIAL_CONTACT");
        assertThat(referral.path("source").asText()).isEqualTo("eido");
        assertThat(referral.path("tellReferrer").asText()).isNotBlank();
    }

    @Test
    @Order(4)
    void aCadIncidentCodedLeadPagesTheOnCallPrimaryCaseManager() throws Exception {
        String shortRef = leadReferral().path("shortRef").asText();
        JsonNode primary = get("/api/v1/sites/demo/oncall").path("layers").path("primary");
        assertThat(primary.path("name").asText())
                .as("the demo's on-call primary")
                .isNotBlank();

        // README: "the page to the primary case manager is there ..., with its delivery status".
        JsonNode page = await("an SMS page with " + shortRef + " in the local outbox")
                .atMost(BOUND)
                .pollInterval(Duration.ofMillis(200))
                .until(
                        () -> outbox().stream()
                                .filter(m -> m.path("kind").asText().equals("sms")
                                        && m.path("body").asText().contains(shortRef))
                                .filter(m -> m.path("body").asText().contains("Reply 1a"))
                                .findFirst()
                                .orElse(null),
                        m -> m != null);
        assertThat(page.path("body").asText()).startsWith("Doorway LEAD " + shortRef + ": URGENT warm handoff");
        assertThat(page.path("status").asText()).as("delivery status").isNotBlank();

        String shownPage = outboxPageMessage(shortRef, "Reply 1a");
        assertThat(shownPage)
                .as("the outbox page's entry for the page")
                .contains(primary.path("name").asText());
    }

    @Test
    @Order(5)
    void replyingOneAInTheOutboxTakesTheHandoffAndTellsTheReferringOfficerWhoIsComing() throws Exception {
        String shortRef = leadReferral().path("shortRef").asText();
        await("the page for " + shortRef)
                .atMost(BOUND)
                .until(() -> !outboxPageMessage(shortRef, "Reply 1a").isEmpty());

        // Press "Reply 1a" on the page's entry, as the browser would submit that form.
        String entry = outboxPageMessage(shortRef, "Reply 1a");
        Matcher form = Pattern.compile(
                        "<form[^>]*action=\"([^\"]*/dev/outbox/reply)\"[^>]*>(.*?)</form>", Pattern.DOTALL)
                .matcher(entry);
        assertThat(form.find())
                .as("a Reply 1a button on the page's entry:\n" + entry)
                .isTrue();
        Map<String, String> fields = new LinkedHashMap<>();
        Matcher input = Pattern.compile("<input[^>]*name=\"([^\"]+)\"[^>]*value=\"([^\"]*)\"")
                .matcher(form.group(2));
        while (input.find()) {
            fields.put(input.group(1), unescapeHtml(input.group(2)));
        }
        assertThat(fields).containsEntry("body", "1a");
        String body = fields.entrySet().stream()
                .map(e -> URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8) + "="
                        + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
                .collect(Collectors.joining("&"));
        HttpResponse<String> pressed = http.send(
                HttpRequest.newBuilder(URI.create(doorway.baseUrl() + form.group(1)))
                        .header("Content-Type", "application/x-www-form-urlencoded")
                        .POST(HttpRequest.BodyPublishers.ofString(body))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(pressed.statusCode())
                .as("pressing Reply 1a: " + pressed.body())
                .isIn(200, 302, 303);

        // Doorway's answer is the next SMS to the case manager, and the officer is told who is coming.
        await("Doorway's confirmation of " + shortRef)
                .atMost(BOUND)
                .until(() -> outbox().stream()
                        .anyMatch(m -> m.path("body").asText().contains("acknowledged, you have LEAD " + shortRef)));
        String officerSms = await(OFFICER + " told who is coming for " + shortRef)
                .atMost(BOUND)
                .until(() -> outboxPageMessage(shortRef, OFFICER), s -> !s.isEmpty());
        assertThat(officerSms).contains("case manager").contains("is coming");

        // The same clock is in the referral (the README's GET command).
        JsonNode handoff = await("the acknowledgement in the referral's clock")
                .atMost(BOUND)
                .until(
                        () -> referralByReadmeCommand().path("handoff"),
                        h -> !h.path("acknowledgedAt").isNull());
        assertThat(handoff.path("responder").asText()).isNotBlank();
    }

    @Test
    @Order(6)
    void theReferralAnswersWithItsDecisionAndItsHandoffClock() {
        JsonNode stored = referralByReadmeCommand();

        assertThat(stored.path("id").asText())
                .isEqualTo(leadReferral().path("id").asText());
        assertThat(stored.path("decision").path("outcome").asText()).isEqualTo("WARM_HANDOFF_NOW");
        JsonNode clock = stored.path("handoff");
        assertThat(clock.isObject()).as("a handoff clock in " + stored).isTrue();
        assertThat(clock.path("state").asText()).isNotBlank();
        for (String moment : List.of(
                "requestedAt",
                "pagedAt",
                "deliveredAt",
                "acknowledgedAt",
                "enRouteAt",
                "onSceneAt",
                "handedOffAt",
                "closedAt")) {
            assertThat(clock.has(moment))
                    .as("the clock has " + moment + ": " + clock)
                    .isTrue();
        }
        assertThat(clock.path("requestedAt").isNull()).as("requestedAt").isFalse();
        assertThat(clock.path("pagedAt").isNull()).as("pagedAt").isFalse();
    }

    @Test
    @Order(7)
    void postingTheSameDocumentAgainReturnsTheSameIdAndPagesNobodyTwice() throws Exception {
        JsonNode first = leadReferral();
        String shortRef = first.path("shortRef").asText();
        await("the first page").atMost(BOUND).until(() -> pages(shortRef) == 1);

        Response again = send(new Curl(leadCommand()), null);

        assertThat(again.status()).isEqualTo(202);
        JsonNode referral = single(again);
        assertThat(referral.path("id").asText()).isEqualTo(first.path("id").asText());
        assertThat(referral.path("duplicate").asBoolean())
                .as("duplicate in " + referral)
                .isTrue();
        // Nothing more is paged for it: a bounded look, not a clock.
        await("no second page for " + shortRef)
                .during(Duration.ofSeconds(2))
                .atMost(Duration.ofSeconds(10))
                .until(() -> pages(shortRef) == 1);
    }

    @Test
    @Order(8)
    void theCommunityFormIsThereInEnglishAndSpanishAndWithAPartnersCode() throws Exception {
        String form = readme.link("/refer/demo");
        HttpResponse<String> english = browse(form);
        assertThat(english.statusCode()).isEqualTo(200);
        assertThat(english.body()).contains("<form").contains("lang=\"en\"");
        assertThat(browse(form + "?lang=es").body()).contains("lang=\"es\"");
        assertThat(browse(form + "?partner=HARBOR").body()).contains("name=\"partner\" value=\"HARBOR\"");
    }

    @Test
    @Order(9)
    void signedInAsAdminThePrintableQrCodesAreThere() throws Exception {
        String qr = readme.link("/admin/sites/demo/qr");
        String login = browse("http://localhost:8080/login").body();
        Matcher csrf = Pattern.compile("name=\"_csrf\"[^>]*value=\"([^\"]+)\"").matcher(login);
        assertThat(csrf.find()).as("the sign-in form's token").isTrue();
        String body = "username=admin&password=" + URLEncoder.encode(adminPassword(), StandardCharsets.UTF_8)
                + "&_csrf=" + URLEncoder.encode(unescapeHtml(csrf.group(1)), StandardCharsets.UTF_8);
        HttpResponse<String> signedIn = http.send(
                HttpRequest.newBuilder(URI.create(doorway.baseUrl() + "/login"))
                        .header("Content-Type", "application/x-www-form-urlencoded")
                        .POST(HttpRequest.BodyPublishers.ofString(body))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(signedIn.headers().firstValue("Location").orElse(""))
                .as("sign-in")
                .doesNotContain("error");

        HttpResponse<String> codes = browse(qr);
        assertThat(codes.statusCode()).isEqualTo(200);
        assertThat(codes.body()).contains("qr.svg").contains("qr.png");
    }

    @Test
    @Order(10)
    void everyRowOfTheCsvExportIsAnsweredAsACommunityReferralOrRejectedWithItsLineAndReason() throws Exception {
        Curl curl = new Curl(readme.curl("/api/v1/intake/csv"));
        Response answer = send(curl, null);

        assertThat(answer.status()).as(curl + "\n" + answer.body()).isEqualTo(202);
        JsonNode referrals = answer.json().path("referrals");
        JsonNode rejected = answer.json().path("rejected");
        assertThat(referrals).as("community referrals").isNotEmpty();
        assertThat(referrals).allSatisfy(r -> {
            assertThat(r.path("outcome").asText()).isEqualTo("OWG_REVIEW");
            assertThat(r.path("door").asText()).isEqualTo("COMMUNITY");
        });
        assertThat(rejected).as("rows the policy does not route").isNotEmpty();
        assertThat(rejected).allSatisfy(r -> {
            assertThat(r.path("line").asInt()).as("line of " + r).isGreaterThan(1);
            assertThat(r.path("reason").asText()).as("reason of " + r).isNotBlank();
        });
        int rows = csvRecords(Files.readString(Curl.resolve(curl.dataFile(), readme.repository(), shared))) - 1;
        assertThat(referrals.size() + rejected.size())
                .as("every one of the %d rows is answered", rows)
                .isEqualTo(rows);
    }

    @Test
    @Order(11)
    void anOpen311PersonInNeedRequestGoesToTheOperationsWorkGroup() throws Exception {
        Curl curl = new Curl(readme.curl("/api/v1/intake/open311"));
        Response answer = send(curl, null);

        assertThat(answer.status()).as(curl + "\n" + answer.body()).isEqualTo(202);
        JsonNode referral = single(answer);
        assertThat(referral.path("outcome").asText()).isEqualTo("OWG_REVIEW");
        assertThat(referral.path("door").asText()).isEqualTo("COMMUNITY");
        assertThat(referral.path("source").asText()).isEqualTo("open311");
        assertThat(answer.json().path("rejected")).isEmpty();
    }

    @Test
    @Order(12)
    void anRmsExportMovedIntoTheWatchedFolderMovesToDoneBesideAReport() throws Exception {
        Readme.Command mkdir =
                readme.command("mkdir of the watched folder", c -> c.program().equals("mkdir"));
        Readme.Command cp =
                readme.command("cp into the watched folder", c -> c.program().equals("cp"));
        assertThat(mkdir.words()).contains("-p");
        String folder = mkdir.words().get(mkdir.words().size() - 1);
        assertThat(cp.words()).hasSize(3);
        assertThat(cp.words().get(2)).as("cp copies into the folder mkdir made").startsWith(folder);
        Path source = Curl.resolve(cp.words().get(1), readme.repository(), shared);

        // ./data in the README is this instance's data folder.
        assertThat(folder).startsWith("data/");
        Path inbox = Files.createDirectories(doorway.dataDir().resolve(folder.substring("data/".length())));
        // Written elsewhere first, then moved in, as the README's Interfaces section says.
        Path written = Files.copy(
                source, doorway.staging().resolve(source.getFileName()), StandardCopyOption.REPLACE_EXISTING);
        Files.move(written, inbox.resolve(source.getFileName()), StandardCopyOption.ATOMIC_MOVE);

        Path done = inbox.resolve("done").resolve(source.getFileName());
        Path report = inbox.resolve("done").resolve(source.getFileName() + ".report.json");
        await(source.getFileName() + " in done/ beside its report")
                .atMost(Duration.ofSeconds(60))
                .pollInterval(Duration.ofMillis(250))
                .until(() -> Files.isRegularFile(done)
                        && Files.isRegularFile(report)
                        && !Files.exists(inbox.resolve(source.getFileName())));
        JsonNode said = JSON.readTree(report.toFile());
        assertThat(said.path("file").asText()).isEqualTo(source.getFileName().toString());
        assertThat(said.path("referrals").size() + said.path("rejected").size())
                .as("what became of each record: " + said)
                .isPositive();
        assertThat(inbox.resolve("failed")).doesNotExist();
    }

    @Test
    @Order(13)
    void theReplayOfTheDraftPolicyPrintsWhatItWouldDecideAndExitsZero() throws Exception {
        Readme.Command replay = replayCommand();
        List<String> args = replay.words();
        String input = args.get(args.indexOf("--input") + 1);
        Curl.resolve(input, readme.repository(), shared); // skipped, naming the file, without the samples

        Run run = runJar(args.subList(args.indexOf("-jar") + 2, args.size()));

        assertThat(run.exit()).as(replay + "\n" + run.err()).isZero();
        assertThat(run.out())
                .contains("Policy replay")
                .contains("Outcome")
                .contains("Door")
                .contains("Hour")
                .contains("Zone")
                .contains("Changed outcome")
                .contains("WARM_HANDOFF_NOW");
    }

    @Test
    @Order(14)
    void theReplayExitsTwoOnWrongUsageOrInput() throws Exception {
        Run withoutInput =
                runJar(List.of("policy", "replay", "--policy", "src/test/resources/policies/demo-draft.yaml"));
        assertThat(withoutInput.exit()).as(withoutInput.err()).isEqualTo(2);
        assertThat(withoutInput.err()).contains("usage");

        Run noSuchPolicy =
                runJar(List.of("policy", "replay", "--policy", "no-such-policy.yaml", "--input", "examples"));
        assertThat(noSuchPolicy.exit()).as(noSuchPolicy.err()).isEqualTo(2);
    }

    // ------------------------------------------------------------------------------------------

    record Response(int status, String body) {
        JsonNode json() {
            try {
                return JSON.readTree(body);
            } catch (IOException e) {
                throw new AssertionError("not JSON: " + body, e);
            }
        }
    }

    record Run(int exit, String out, String err) {}

    private static Readme.Command leadCommand() {
        return readme.command("the LEAD example post", c -> c.toString().contains("eido-lead-warm-handoff.json"));
    }

    private static Readme.Command replayCommand() {
        return readme.command(
                "the policy replay command",
                c -> c.program().equals("java") && c.words().contains("replay"));
    }

    /** The LEAD example posted once, with the README's command; the referral it answered with. */
    private static synchronized JsonNode leadReferral() {
        if (leadReferral == null) {
            Curl curl = new Curl(leadCommand());
            Response answer = send(curl, null);
            assertThat(answer.status()).as(curl + "\n" + answer.body()).isEqualTo(202);
            assertThat(answer.json().path("rejected")).isEmpty();
            JsonNode referral = single(answer);
            assertThat(referral.path("duplicate").asBoolean())
                    .as("the first post is no duplicate")
                    .isFalse();
            leadReferral = referral;
        }
        return leadReferral;
    }

    /** The README's {@code GET /api/v1/referrals/<id>} command, for the LEAD referral. */
    private static JsonNode referralByReadmeCommand() {
        Curl curl = new Curl(readme.curl("/api/v1/referrals/<id>"));
        Response answer = send(curl, leadReferral().path("id").asText());
        assertThat(answer.status()).as(curl + "\n" + answer.body()).isEqualTo(200);
        return answer.json();
    }

    private static Response send(Curl curl, String id) {
        try {
            HttpResponse<String> answer = http.send(
                    curl.request(doorway.baseUrl(), id, readme.repository(), shared),
                    HttpResponse.BodyHandlers.ofString());
            return new Response(answer.statusCode(), answer.body());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static JsonNode single(Response answer) {
        JsonNode referrals = answer.json().path("referrals");
        assertThat(referrals).as("referrals in " + answer.body()).hasSize(1);
        return referrals.get(0);
    }

    private static JsonNode get(String path) {
        try {
            HttpResponse<String> answer = http.send(
                    HttpRequest.newBuilder(URI.create(doorway.baseUrl() + path))
                            .header("X-Api-Key", DEMO_KEY)
                            .GET()
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(answer.statusCode())
                    .as("GET " + path + ": " + answer.body())
                    .isEqualTo(200);
            return JSON.readTree(answer.body());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** A page as a browser asks for it, at the README's address moved to this instance's port. */
    private static HttpResponse<String> browse(String readmeUrl) throws IOException, InterruptedException {
        return http.send(
                HttpRequest.newBuilder(URI.create(readmeUrl.replace("http://localhost:8080", doorway.baseUrl())))
                        .header("Accept", "text/html")
                        .GET()
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }

    /** {@code GET /dev/outbox} as JSON: the messages Doorway sent, oldest first. */
    private static List<JsonNode> outbox() {
        try {
            HttpResponse<String> answer = http.send(
                    HttpRequest.newBuilder(URI.create(
                                    readme.link("/dev/outbox").replace("http://localhost:8080", doorway.baseUrl())))
                            .header("Accept", "application/json")
                            .GET()
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(answer.statusCode())
                    .as("the local outbox: " + answer.body())
                    .isEqualTo(200);
            return StreamSupport.stream(JSON.readTree(answer.body()).spliterator(), false)
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static long pages(String shortRef) {
        return outbox().stream()
                .filter(m -> m.path("body").asText().contains(shortRef)
                        && m.path("body").asText().contains("Reply 1a"))
                .count();
    }

    /**
     * The entry of the outbox's HTML page (what the README tells you to open) for the message
     * about {@code shortRef} that also contains {@code alsoContaining}; empty if there is none.
     */
    private static String outboxPageMessage(String shortRef, String alsoContaining)
            throws IOException, InterruptedException {
        String page = browse(readme.link("/dev/outbox")).body();
        for (String entry : page.split("<div class=\"msg ")) {
            if (entry.contains(shortRef) && entry.contains(alsoContaining)) {
                return entry;
            }
        }
        return "";
    }

    private static String adminPassword() {
        Path file = doorway.dataDir().resolve("admin-password.txt");
        String text;
        try {
            text = Files.readString(file);
        } catch (IOException e) {
            throw new AssertionError("the first start wrote no password file " + file, e);
        }
        Matcher password = Pattern.compile("password:\\s+(\\S+)").matcher(text);
        assertThat(password.find()).as("a generated admin password in " + file).isTrue();
        return password.group(1);
    }

    private static Run runJar(List<String> arguments) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(
                List.of(DoorwayJar.java(), "-jar", DoorwayJar.jar().toString()));
        command.addAll(arguments);
        Path out = Files.createTempFile("doorway-replay-", ".out");
        Path err = Files.createTempFile("doorway-replay-", ".err");
        try {
            Process process = new ProcessBuilder(command)
                    .directory(readme.repository().toFile())
                    .redirectOutput(out.toFile())
                    .redirectError(err.toFile())
                    .start();
            if (!process.waitFor(90, TimeUnit.SECONDS)) {
                process.descendants().forEach(ProcessHandle::destroyForcibly);
                process.destroyForcibly();
                throw new AssertionError("did not end within 90 s: " + command);
            }
            return new Run(process.exitValue(), Files.readString(out), Files.readString(err));
        } finally {
            Files.deleteIfExists(out);
            Files.deleteIfExists(err);
        }
    }

    /**
     * The answer matches the one the README shows: every field shown is there with the value
     * shown, where {@code "…"} stands for any value and a text ending in {@code …} for any text
     * beginning with what comes before it.
     */
    static void assertMatches(JsonNode shown, JsonNode actual, String path) {
        if (shown.isObject()) {
            assertThat(actual.isObject()).as(path + " is an object: " + actual).isTrue();
            shown.properties().forEach(field -> {
                assertThat(actual.has(field.getKey()))
                        .as(path + "." + field.getKey() + " is in the answer " + actual)
                        .isTrue();
                assertMatches(field.getValue(), actual.get(field.getKey()), path + "." + field.getKey());
            });
        } else if (shown.isArray()) {
            assertThat(actual).as(path).hasSize(shown.size());
            for (int i = 0; i < shown.size(); i++) {
                assertMatches(shown.get(i), actual.get(i), path + "[" + i + "]");
            }
        } else if (shown.isTextual() && shown.asText().endsWith("…")) {
            String prefix =
                    shown.asText().substring(0, shown.asText().length() - 1).strip();
            assertThat(actual.asText()).as(path).isNotBlank().startsWith(prefix);
        } else {
            assertThat(actual).as(path).isEqualTo(shown);
        }
    }

    private static List<String> texts(JsonNode array) {
        return StreamSupport.stream(array.spliterator(), false)
                .map(JsonNode::asText)
                .toList();
    }

    /** The records of a CSV text (quoted fields may hold commas and newlines). */
    static int csvRecords(String csv) {
        int records = 0;
        boolean quoted = false;
        boolean content = false;
        for (int i = 0; i < csv.length(); i++) {
            char c = csv.charAt(i);
            if (c == '"') {
                quoted = !quoted;
            } else if (c == '\n' && !quoted) {
                records += content ? 1 : 0;
                content = false;
                continue;
            }
            if (c != '\r') {
                content = true;
            }
        }
        return records + (content ? 1 : 0);
    }

    private static String unescapeHtml(String text) {
        return text.replace("&quot;", "\"")
                .replace("&#39;", "'")
                .replace("&lt;", "<")
                .replace("&gt;", ">")
                .replace("&amp;", "&");
    }
}
