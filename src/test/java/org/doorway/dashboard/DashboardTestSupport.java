package org.doorway.dashboard;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpClient;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.doorway.DoorwayAppIT;
import org.doorway.staff.StaffAccounts;
import org.doorway.staff.StaffRole;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

/** What the dashboard's whole-application tests share: accounts by role, and reading CSV downloads. */
abstract class DashboardTestSupport extends DoorwayAppIT {

    static final String PASSWORD = "dashboard-test-password";

    @Autowired
    JdbcClient db;

    @Autowired
    StaffAccounts accounts;

    /** A new account with this role (and site, roster id, source as the role needs), signed in. */
    HttpClient as(StaffRole role, String site, String caseManagerId, String source) {
        String username = role.name().toLowerCase(java.util.Locale.ROOT).replace('_', '-') + "-"
                + Long.toString(System.nanoTime() % 1_000_000_000L, 36);
        accounts.create(
                new StaffAccounts.Staff(username, role, "Test " + role, site, caseManagerId, source, false),
                PASSWORD,
                "test");
        return signedIn(username, PASSWORD);
    }

    /** GETs a page as {@code client}, expecting 200, and returns its HTML. */
    String page(HttpClient client, String path) {
        Response response = call(client, "GET", path, null);
        assertThat(response.status()).as("GET " + path + ": " + response.body()).isEqualTo(200);
        return response.body();
    }

    /** GETs a CSV download as {@code client}, expecting 200 text/csv, and returns its rows by column heading. */
    List<Map<String, String>> csv(HttpClient client, String path) {
        Response response = call(client, "GET", path, null);
        assertThat(response.status()).as("GET " + path + ": " + response.body()).isEqualTo(200);
        assertThat(response.contentType()).startsWith("text/csv");
        List<List<String>> lines = parse(response.body());
        List<Map<String, String>> rows = new ArrayList<>();
        for (List<String> line : lines.subList(1, lines.size())) {
            Map<String, String> row = new LinkedHashMap<>();
            for (int i = 0; i < lines.get(0).size(); i++) {
                row.put(lines.get(0).get(i), line.get(i));
            }
            rows.add(row);
        }
        return rows;
    }

    /** RFC 4180 CSV, as Csv writes it. */
    static List<List<String>> parse(String text) {
        List<List<String>> lines = new ArrayList<>();
        List<String> fields = new ArrayList<>();
        StringBuilder field = new StringBuilder();
        boolean quoted = false;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (quoted) {
                if (c == '"' && i + 1 < text.length() && text.charAt(i + 1) == '"') {
                    field.append('"');
                    i++;
                } else if (c == '"') {
                    quoted = false;
                } else {
                    field.append(c);
                }
            } else if (c == '"') {
                quoted = true;
            } else if (c == ',') {
                fields.add(field.toString());
                field.setLength(0);
            } else if (c == '\r') {
                continue;
            } else if (c == '\n') {
                fields.add(field.toString());
                field.setLength(0);
                lines.add(fields);
                fields = new ArrayList<>();
            } else {
                field.append(c);
            }
        }
        return lines;
    }
}
