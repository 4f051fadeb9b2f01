package org.doorway.intake;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.doorway.DoorwayAppIT;
import org.doorway.testing.SharedSamples;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Value;

/**
 * The doors that take several records per body: Open311 lists, NIBRS reports and CSV exports,
 * over HTTP and (for RMS exports) as files in the watched folder. Every record ends in the answer,
 * as a referral or a rejection with its reason; a file moves to done/ only once committed, with a
 * report, or to failed/ with the reason when it cannot be read at all.
 */
class RecordDoorsIT extends DoorwayAppIT {

    @Value("${doorway.intake.folder}")
    Path inbox;

    @org.springframework.beans.factory.annotation.Autowired
    org.springframework.jdbc.core.simple.JdbcClient db;

    private Response post(String path, String contentType, byte[] body) {
        return send(HttpRequest.newBuilder(URI.create(base() + path))
                .header("Content-Type", contentType)
                .header("X-Api-Key", DEMO_KEY)
                .POST(HttpRequest.BodyPublishers.ofByteArray(body)));
    }

    private static int accountedFor(JsonNode answer) {
        return answer.path("referrals").size() + answer.path("rejected").size();
    }

    @Test
    void everyOpen311RequestOfTheSpecSampleIsAccountedForInJsonAndXml() {
        Response json = post(
                "/api/v1/intake/open311",
                "application/json",
                SharedSamples.read("open311-georeport-v2-spec-GET-requests-response.json"));
        Response xml = post(
                "/api/v1/intake/open311",
                "application/xml",
                SharedSamples.read("open311-georeport-v2-spec-GET-requests-response.xml"));

        assertThat(json.status()).isEqualTo(202);
        assertThat(xml.status()).isEqualTo(202);
        assertThat(accountedFor(json.json())).isEqualTo(2);
        assertThat(accountedFor(xml.json())).isEqualTo(2);
        assertThat(json.json().path("rejected"))
                .allSatisfy(r -> assertThat(r.path("reason").asText()).isNotBlank());
    }

    @Test
    void aPersonInNeedReportedTo311GoesToTheOperationsWorkGroupOnTheDemoSite() {
        Response answer = post("/api/v1/intake/open311", "application/json", """
                [{"service_request_id":"demo-311-%s","service_code":"PERSON-IN-NEED",
                  "requested_datetime":"2026-11-22T09:00:00Z","address":"1501 3rd Ave"}]""".formatted(java.util.UUID.randomUUID())
                .getBytes(StandardCharsets.UTF_8));

        assertThat(answer.status()).isEqualTo(202);
        JsonNode referral = answer.json().path("referrals").get(0);
        assertThat(referral.path("door").asText()).isEqualTo("COMMUNITY");
        assertThat(referral.path("outcome").asText()).isEqualTo("OWG_REVIEW");
    }

    @Test
    void anOpen311BodyThatIsNotAServiceRequestListIsA400() {
        Response services = post(
                "/api/v1/intake/open311",
                "application/json",
                SharedSamples.read("open311-georeport-v2-spec-GET-services.json"));
        Response garbage =
                post("/api/v1/intake/open311", "application/json", "{\"nope\": [".getBytes(StandardCharsets.UTF_8));

        assertThat(services.status()).isEqualTo(400);
        assertThat(services.contentType()).startsWith("application/problem+json");
        assertThat(garbage.status()).isEqualTo(400);
    }

    @Test
    void theNibrsSampleArrestIsAccountedFor() {
        Response answer = post(
                "/api/v1/intake/nibrs",
                "application/xml",
                SharedSamples.read("nibrs-4.2-fbi-iepd-GroupBArrest-sample.xml"));

        assertThat(answer.status()).isEqualTo(202);
        assertThat(accountedFor(answer.json())).isEqualTo(1);
    }

    @Test
    void aNibrsReportWithoutAnArrestIsAnsweredWithItsReasonNotRefused() {
        String noArrest = new String(
                        SharedSamples.read("nibrs-4.2-fbi-iepd-GroupBArrest-sample.xml"), StandardCharsets.UTF_8)
                .replaceAll("(?s)<j:Arrest s:id=\"Arrest1\">.*?</j:Arrest>", "")
                .replaceAll("(?s)<j:ArrestSubjectAssociation>.*?</j:ArrestSubjectAssociation>", "");

        Response answer = post("/api/v1/intake/nibrs", "application/xml", noArrest.getBytes(StandardCharsets.UTF_8));

        assertThat(answer.status()).isEqualTo(202);
        assertThat(answer.json().path("referrals")).isEmpty();
        assertThat(answer.json().path("rejected")).singleElement().satisfies(rejected -> {
            assertThat(rejected.path("index").asInt()).isZero();
            assertThat(rejected.path("reason").asText()).contains("holds no arrest");
        });
    }

    @Test
    void everyRowOfTheSeattleExportIsAccountedForByLine() {
        byte[] csv = SharedSamples.read("seattle-spd-call-data-sample.csv");
        long rows = new String(csv, StandardCharsets.UTF_8).lines().count() - 1;

        Response answer = post("/api/v1/intake/csv?mapping=seattle-spd", "text/csv", csv);

        assertThat(answer.status()).isEqualTo(202);
        assertThat(accountedFor(answer.json())).isEqualTo((int) rows);
        assertThat(answer.json().path("rejected"))
                .allSatisfy(r -> assertThat(r.path("line").asInt()).isBetween(2, (int) rows + 1));
    }

    @Test
    void aCsvWithoutAKnownMappingIsA400() {
        byte[] csv = "a,b\n1,2\n".getBytes(StandardCharsets.UTF_8);

        Response none = post("/api/v1/intake/csv", "text/csv", csv);
        Response unknown = post("/api/v1/intake/csv?mapping=no-such-mapping", "text/csv", csv);

        assertThat(none.status()).isEqualTo(400);
        assertThat(unknown.status()).isEqualTo(400);
        assertThat(unknown.json().path("title").asText()).isEqualTo("Unknown CSV mapping");
    }

    @Test
    void aNibrsFileInTheFolderIsSealedIntoDoneWithAReportOnceCommitted() throws Exception {
        Path folder = inbox.resolve("demo/nibrs");
        Files.createDirectories(folder);
        Path file = folder.resolve("arrests-" + System.nanoTime() + ".xml");
        Files.write(
                folder.resolve(file.getFileName() + ".part"),
                SharedSamples.read("nibrs-4.2-fbi-iepd-GroupBArrest-sample.xml"));
        Files.move(folder.resolve(file.getFileName() + ".part"), file);

        Path done = folder.resolve("done").resolve(file.getFileName());
        // The sealed copy is written first, the original deleted after.
        await().atMost(Duration.ofSeconds(20)).until(() -> Files.exists(done) && !Files.exists(file));
        assertThat(SealedCopies.sealed(Files.readAllBytes(done)))
                .as("done/ holds a sealed copy")
                .isTrue();
        assertThat(SealedCopies.opened(admin(), base(), Files.readAllBytes(done)))
                .isEqualTo(SharedSamples.read("nibrs-4.2-fbi-iepd-GroupBArrest-sample.xml"));
        Path report = folder.resolve("done").resolve(file.getFileName() + ".report.json");
        assertThat(report).exists();
        JsonNode json = new com.fasterxml.jackson.databind.ObjectMapper().readTree(report.toFile());
        assertThat(json.path("referrals").size() + json.path("rejected").size()).isEqualTo(1);
    }

    @Test
    void anUnreadableFileIsSealedIntoFailedWithItsReasonAndOpensForAnAdministrator() throws Exception {
        Path folder = inbox.resolve("demo/csv/seattle-spd");
        Files.createDirectories(folder);
        Path file = folder.resolve("broken-" + System.nanoTime() + ".csv");
        Files.writeString(folder.resolve("x.part"), "this is not\"the export, \"at all\n");
        Files.move(folder.resolve("x.part"), file);

        Path failed = folder.resolve("failed").resolve(file.getFileName());
        await().atMost(Duration.ofSeconds(20)).until(() -> Files.exists(failed) && !Files.exists(file));
        String reason = Files.readString(folder.resolve("failed").resolve(file.getFileName() + ".reason.txt"));
        assertThat(reason).isNotBlank().doesNotContain("the export");
        byte[] copy = Files.readAllBytes(failed);
        assertThat(new String(copy, StandardCharsets.ISO_8859_1))
                .as("a copy of failed/ reveals nothing")
                .doesNotContain("the export");
        assertThat(new String(SealedCopies.opened(admin(), base(), copy), StandardCharsets.UTF_8))
                .isEqualTo("this is not\"the export, \"at all\n");
    }

    @Test
    void aFileInAPlaceNoSiteOwnsMovesToFailed() throws Exception {
        Path folder = inbox.resolve("nowhere/nibrs");
        Files.createDirectories(folder);
        Path file = folder.resolve("x-" + System.nanoTime() + ".xml");
        Files.writeString(file, "<x/>");

        await().atMost(Duration.ofSeconds(20))
                .until(() -> Files.exists(folder.resolve("failed").resolve(file.getFileName())) && !Files.exists(file));
        assertThat(Files.readString(folder.resolve("failed").resolve(file.getFileName() + ".reason.txt")))
                .contains("wrong place");
        byte[] copy = Files.readAllBytes(folder.resolve("failed").resolve(file.getFileName()));
        assertThat(SealedCopies.sealed(copy)).isTrue();
        assertThat(SealedCopies.opened(admin(), base(), copy)).isEqualTo("<x/>".getBytes(StandardCharsets.UTF_8));
    }

    /**
     * Issue 11 item 7 on the watched folder, whose read lock is the same as SFTP's (a file is taken
     * once it has stayed unchanged for the least age, and by the instance whose claim in
     * {@code intake_file_claim} holds): a file that cannot be read goes to {@code failed/} and does
     * not hold up the next; that next one, written in pieces cut mid-row, is seen (claimed) while
     * still being written, yet read only once complete, every row of it stored.
     */
    @Test
    void aBadFileGoesToFailedAndTheNextStillBeingWrittenIsReadOnlyOnceComplete() throws Exception {
        Path folder = inbox.resolve("demo/csv/seattle-spd");
        Files.createDirectories(folder);
        Path bad = folder.resolve("bad-" + System.nanoTime() + ".csv");
        Files.writeString(folder.resolve(bad.getFileName() + ".part"), "not\"an export, \"at all\n");
        Files.move(folder.resolve(bad.getFileName() + ".part"), bad);
        await().atMost(Duration.ofSeconds(30))
                .until(() -> Files.exists(folder.resolve("failed").resolve(bad.getFileName())));
        assertThat(db.sql("select last_error from feed_heartbeat where site = 'demo' and channel = ?")
                        .param("file:demo/csv/seattle-spd")
                        .query(String.class)
                        .optional())
                .as("the feeds page shows the refused file")
                .hasValueSatisfying(error -> assertThat(error).startsWith("file refused"));

        java.util.List<String> ids = new java.util.ArrayList<>();
        StringBuilder csv =
                new StringBuilder("CAD Event Number,Event Clearance Description,Call Type,Priority,Initial Call Type,"
                        + "Final Call Type,Original Time Queued,Arrived Time,Precinct,Sector,Beat,"
                        + "Blurred_Longitude,Blurred_Latitude\n");
        String run = Long.toString(System.nanoTime() % 100_000_000_000L);
        for (int i = 0; i < 20; i++) {
            ids.add("79" + run + i);
            csv.append(ids.get(i))
                    .append(",ASSISTANCE RENDERED,911,3,TRESPASS,--TRESPASS,11/04/2023 6:08:26 PM,")
                    .append("11/04/2023 6:51:06 PM,EAST,CHARLIE,C3,-122.28112,47.6176603\n");
        }
        byte[] bytes = csv.toString().getBytes(StandardCharsets.UTF_8);
        Path file = folder.resolve("growing-" + System.nanoTime() + ".csv");
        int pieces = 16;
        int piece = 0;
        boolean claimed = false;
        // Written a piece (cut anywhere, mid-row too) every 50 ms. Halfway, it is only touched until
        // Doorway has claimed it, so Doorway surely sees it unfinished; then the rest is written.
        while (piece < pieces) {
            if (piece < pieces / 2 || claimed) {
                int from = bytes.length * piece / pieces;
                int to = bytes.length * (piece + 1) / pieces;
                Files.write(
                        file,
                        java.util.Arrays.copyOfRange(bytes, from, to),
                        java.nio.file.StandardOpenOption.CREATE,
                        java.nio.file.StandardOpenOption.APPEND);
                piece++;
            } else {
                Files.setLastModifiedTime(file, java.nio.file.attribute.FileTime.from(java.time.Instant.now()));
                claimed = db.sql("select count(*) from intake_file_claim where messageId like ?")
                                .param("%" + file.getFileName())
                                .query(Long.class)
                                .single()
                        > 0;
            }
            Thread.sleep(50);
        }

        Path done = folder.resolve("done").resolve(file.getFileName());
        await().atMost(Duration.ofSeconds(30)).until(() -> Files.exists(done) && !Files.exists(file));
        assertThat(SealedCopies.opened(admin(), base(), Files.readAllBytes(done)))
                .isEqualTo(bytes);
        JsonNode report = new com.fasterxml.jackson.databind.ObjectMapper()
                .readTree(folder.resolve("done")
                        .resolve(file.getFileName() + ".report.json")
                        .toFile());
        assertThat(report.path("referrals").size())
                .as("every row, read once complete")
                .isEqualTo(ids.size());
        assertThat(report.path("rejected").size()).isZero();
        assertThat(db.sql("select count(*) from referral where source_id in ("
                                + String.join(",", java.util.Collections.nCopies(ids.size(), "?")) + ")")
                        .params(ids.toArray())
                        .query(Long.class)
                        .single())
                .isEqualTo(ids.size());
    }
}
