package org.doorway.site;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;

/** A small valid site file for the site-file tests, and helpers that read, edit and refuse it. */
final class SiteYaml {

    static final String NAME = "sites/test";
    static final String FILE = NAME + "/site.yaml";

    /** Every part of the format, once. Each refusal test changes one thing in it. */
    static final String SITE = """
            id: test
            name: Test Town LEAD
            time-zone: America/Los_Angeles
            case-managers:
              - id: ana
                name: Ana Example
                phone: "+12065550101"
              - id: ben
                name: Ben Example
                phone: "+12065550102"
              - id: cy
                name: Cy Example
                phone: "+12065550103"
            schedules:
              primary:
                type: weekly
                hand-off: 2026-01-05T09:00
                members: [ana, ben]
                overrides:
                  - {from: 2026-02-02T18:00, to: 2026-02-03T08:00, member: cy}
                  - {from: 2026-02-10T09:00, to: 2026-02-11T09:00, member: cy, replaces: ben}
              backup:
                length: PT12H
                hand-off: 2026-01-05T08:00
                time-zone: America/New_York
                members: [ben, ana]
              supervisor:
                members: [cy]
            escalation:
              steps:
                - {delay: PT3M, notify: primary, by: sms}
                - {delay: PT5M, notify: [backup, supervisor], by: [sms, voice]}
              repeat: 3
              en-route-timeout: PT15M
              doors:
                community:
                  steps:
                    - {delay: PT20M, notify: primary, by: sms}
            officers:
              - id: o-4471
                name: Officer Example
                phone: "+12065550147"
                agent-ids: [officer.4471@police.test.example, "4471"]
            sources:
              - name: cad
                api-key-sha256: "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef"
              - name: kafka:doorway.eido
                notify:
                  kafka-topic: doorway.status
              - name: rms
                notify:
                  webhook: https://rms.test.example/doorway
                  webhook-secret-env: RMS_WEBHOOK_SECRET
            api-keys:
              - source: old-cad
                sha256: "fedcba9876543210fedcba9876543210fedcba9876543210fedcba9876543210"
            """;

    private SiteYaml() {}

    static Site read(String siteYaml) {
        return SiteFiles.read(NAME, new ByteArrayInputStream(siteYaml.getBytes(StandardCharsets.UTF_8)));
    }

    /** The message of the refusal of this file (and fails the test if it is accepted). */
    static String refusal(String siteYaml) {
        Throwable thrown = catchThrowable(() -> read(siteYaml));
        assertThat(thrown).isInstanceOf(SiteFiles.InvalidSiteException.class);
        return thrown.getMessage();
    }

    /** {@code text} with {@code from} replaced; fails if {@code from} is absent, so no test passes vacuously. */
    static String edit(String text, String from, String to) {
        assertThat(text).contains(from);
        return text.replace(from, to);
    }

    /** The 1-based number of the first line of {@code text} containing {@code fragment}. */
    static int lineOf(String text, String fragment) {
        String[] lines = text.split("\n", -1);
        for (int i = 0; i < lines.length; i++) {
            if (lines[i].contains(fragment)) {
                return i + 1;
            }
        }
        throw new AssertionError("no line contains " + fragment);
    }
}
