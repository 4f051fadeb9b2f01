package org.doorway.dashboard;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpClient;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Every table the dashboard shows downloads as CSV, with the page's filters: the same headings and
 * the same number of rows as the page.
 */
class CsvExportIT extends DashboardTestSupport {

    private static final Pattern CSV_LINK = Pattern.compile("href=\"(/dashboard/tables/([a-z-]+)\\.csv[^\"]*)\"");
    private static final Pattern TABLE =
            Pattern.compile("<table data-table=\"([a-z-]+)\">(.*?)</table>", Pattern.DOTALL);

    private Seeds seeds;

    @BeforeEach
    void aFewHandoffs() {
        seeds = new Seeds(db, "csv");
        Instant start = Instant.parse("2022-09-05T08:00:00Z");
        for (int i = 0; i < 6; i++) {
            Instant at = start.plusSeconds(5400L * i);
            UUID id = seeds.referral(
                    i % 2 == 0 ? "ARREST_DIVERSION" : "COMMUNITY",
                    at,
                    "Zone, \"A\"",
                    i % 2 == 0 ? List.of("35A") : List.of(),
                    "http:seed-cad");
            seeds.decision(
                    id,
                    "WARM_HANDOFF_NOW",
                    i % 2 == 0 ? "ARREST_DIVERSION" : "COMMUNITY",
                    at,
                    "Black",
                    null,
                    null,
                    List.of());
            seeds.handoff(
                    id,
                    i == 5 ? "UNANSWERED" : "HANDED_OFF",
                    at,
                    i == 5 ? null : at.plusSeconds(240),
                    i == 5 ? null : at.plusSeconds(600 + 300L * i),
                    i == 5 ? null : at.plusSeconds(3000),
                    "cm1");
            seeds.page(id, 0, "cm1", "DELIVERED", at.plusSeconds(1), 1, i == 2);
        }
    }

    @Test
    void everyTableOfEveryPageDownloadsWithTheSameHeadingsAndRows() {
        HttpClient admin = admin();
        String filters = "?from=2022-09-05&to=2022-09-05&site=" + seeds.site;
        List<String> downloaded = new ArrayList<>();
        for (String page : List.of(
                "/dashboard" + filters,
                "/dashboard/equity" + filters,
                "/dashboard/owg?meeting=2022-09-13&site=" + seeds.site)) {
            String html = page(admin, page);
            Matcher link = CSV_LINK.matcher(html);
            Matcher table = TABLE.matcher(html);
            while (link.find()) {
                assertThat(table.find())
                        .as("a table for every CSV link on " + page)
                        .isTrue();
                assertThat(table.group(1)).isEqualTo(link.group(2));
                String path = link.group(1).replace("&amp;", "&");
                Response response = call(admin, "GET", path, null);
                assertThat(response.status()).as(path).isEqualTo(200);
                assertThat(response.contentType()).startsWith("text/csv");
                List<List<String>> lines = DashboardTestSupport.parse(response.body());
                List<String> headings = new ArrayList<>();
                Matcher th = Pattern.compile("<th scope=\"col\">([^<]*)</th>").matcher(table.group(2));
                while (th.find()) {
                    headings.add(th.group(1)
                            .replace("&amp;", "&")
                            .replace("&lt;", "<")
                            .replace("&gt;", ">"));
                }
                assertThat(lines.get(0)).as(path).isEqualTo(headings);
                int htmlRows = table.group(2).split("<tr>", -1).length
                        - 2
                        - (table.group(2).contains("Nothing in this period") ? 1 : 0);
                assertThat(lines.size() - 1).as("rows of " + path).isEqualTo(htmlRows);
                downloaded.add(link.group(2));
            }
        }
        assertThat(downloaded)
                .contains(
                        "open-handoffs",
                        "latency",
                        "latency-by-site",
                        "latency-by-door",
                        "latency-by-zone",
                        "latency-by-hour",
                        "latency-by-weekday",
                        "breaches",
                        "breach-clusters",
                        "coverage-gaps",
                        "pages",
                        "equity-race",
                        "equity-ethnicity",
                        "equity-gender",
                        "missed-diversions",
                        "owg-summary",
                        "owg-intake-deadlines");
    }

    @Test
    void aCsvKeepsCommasAndQuotesOfTheDataIntact() {
        List<Map<String, String>> zones =
                csv(admin(), "/dashboard/tables/latency-by-zone.csv?from=2022-09-05&to=2022-09-05&site=" + seeds.site);

        assertThat(zones).hasSize(1);
        assertThat(zones.get(0).get("Zone")).isEqualTo("Zone, \"A\"");
        assertThat(zones.get(0).get("Handoffs")).isEqualTo("6");
        assertThat(zones.get(0).get("On scene")).isEqualTo("5");
    }
}
