package org.doorway.resilience;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;
import org.doorway.testing.FakeTwilio;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Doorway's record of its pages set against what the Twilio fake actually received. A page's text
 * ends with its one-tap link, whose token Doorway stored (as a hash, bound to the page) before
 * sending it, so a text with a link belongs to exactly one page row: the one its token names. A
 * text without a link (a reminder, a notice) belongs to the row with the same recipient and text.
 */
final class PageLedger {

    /** One page row and how many times the fake accepted it. */
    record Page(
            long id,
            UUID referralId,
            String shortRef,
            int step,
            String kind,
            String to,
            String state,
            String providerSid,
            java.time.Instant createdAt,
            int timesAccepted,
            boolean sidMatches) {}

    final List<Page> pages;
    /** Texts at the fake naming one of these referrals that match no page row (sent but never recorded). */
    final List<FakeTwilio.Sms> unmatched;

    private PageLedger(List<Page> pages, List<FakeTwilio.Sms> unmatched) {
        this.pages = pages;
        this.unmatched = unmatched;
    }

    /** The pages of the referrals with these source ids, each counted at the fake. */
    static PageLedger of(JdbcClient db, FakeTwilio twilio, Collection<String> sourceIds) {
        record Row(
                long id,
                UUID referralId,
                String shortRef,
                int step,
                String kind,
                String to,
                String body,
                String state,
                String sid,
                java.time.Instant createdAt) {}
        // Page texts are sealed: opened with the development master key, which the rig's Doorway uses.
        org.doorway.seal.Sealer sealer = new org.doorway.seal.Sealer(
                db,
                org.doorway.seal.MasterKeys.configured(
                        org.doorway.seal.SealProperties.DEVELOPMENT_MASTER_KEY, List.of()),
                new org.springframework.jdbc.datasource.DataSourceTransactionManager());
        List<Row> rows = db.sql("""
                        select p.id, p.referral_id, r.short_ref, p.step, p.kind, p.to_number, p.body, p.state,
                               p.provider_sid, p.created_at
                        from page p join referral r on r.id = p.referral_id
                        where r.source_id = any(?) order by p.id""")
                .param(sourceIds.toArray(String[]::new))
                .query((rs, n) -> new Row(
                        rs.getLong(1),
                        rs.getObject(2, UUID.class),
                        rs.getString(3),
                        rs.getInt(4),
                        rs.getString(5),
                        rs.getString(6),
                        sealer.open(rs.getString(7)),
                        rs.getString(8),
                        rs.getString(9),
                        rs.getTimestamp(10).toInstant()))
                .list();
        java.util.Set<String> refs = rows.stream().map(Row::shortRef).collect(Collectors.toSet());
        List<FakeTwilio.Sms> texts =
                twilio.sent(sms -> sms.body() != null && refs.stream().anyMatch(sms.body()::contains));
        Map<String, List<FakeTwilio.Sms>> byText = texts.stream()
                .filter(sms -> !LINK.matcher(sms.body()).find())
                .collect(Collectors.groupingBy(sms -> sms.to() + "\n" + sms.body()));
        Map<Long, List<FakeTwilio.Sms>> byLink = new java.util.HashMap<>();
        for (FakeTwilio.Sms sms : texts) {
            java.util.regex.Matcher link = LINK.matcher(sms.body());
            if (link.find()) {
                db.sql("select page_id from page_link where token_hash = ?")
                        .param(sha256(link.group(1)))
                        .query(Long.class)
                        .optional()
                        .ifPresent(id -> byLink.computeIfAbsent(id, k -> new ArrayList<>())
                                .add(sms));
            }
        }
        List<FakeTwilio.VoiceCall> calls = twilio.calls();
        List<Page> pages = new ArrayList<>();
        java.util.Set<String> matchedTexts = new java.util.HashSet<>();
        for (Row row : rows) {
            if ("VOICE".equals(row.kind())) {
                String spelled = String.join(" ", row.shortRef().split(""));
                List<FakeTwilio.VoiceCall> mine = calls.stream()
                        .filter(c -> c.to().equals(row.to())
                                && c.twiml() != null
                                && c.twiml().contains(spelled))
                        .toList();
                pages.add(new Page(
                        row.id(),
                        row.referralId(),
                        row.shortRef(),
                        row.step(),
                        row.kind(),
                        row.to(),
                        row.state(),
                        row.sid(),
                        row.createdAt(),
                        mine.size(),
                        row.sid() == null || mine.stream().anyMatch(c -> c.sid().equals(row.sid()))));
            } else {
                List<FakeTwilio.Sms> mine = row.body().contains("/p/{")
                        ? byLink.getOrDefault(row.id(), List.of()).stream()
                                .filter(sms -> sms.to().equals(row.to()))
                                .toList()
                        : byText.getOrDefault(row.to() + "\n" + row.body(), List.of());
                mine.forEach(sms -> matchedTexts.add(sms.to() + "\n" + sms.body()));
                pages.add(new Page(
                        row.id(),
                        row.referralId(),
                        row.shortRef(),
                        row.step(),
                        row.kind(),
                        row.to(),
                        row.state(),
                        row.sid(),
                        row.createdAt(),
                        mine.size(),
                        row.sid() == null
                                || mine.stream().anyMatch(s -> row.sid().equals(s.sid()))));
            }
        }
        List<FakeTwilio.Sms> unmatched = texts.stream()
                .filter(s -> !matchedTexts.contains(s.to() + "\n" + s.body()))
                .toList();
        return new PageLedger(pages, unmatched);
    }

    /** A page's link, as its text ends. */
    private static final java.util.regex.Pattern LINK = java.util.regex.Pattern.compile("/p/([A-Za-z0-9_-]{22})$");

    private static byte[] sha256(String token) {
        try {
            return java.security.MessageDigest.getInstance("SHA-256")
                    .digest(token.getBytes(java.nio.charset.StandardCharsets.US_ASCII));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Pages the fake accepted more than once. */
    List<Page> sentTwice() {
        return pages.stream().filter(p -> p.timesAccepted() > 1).toList();
    }

    /** Pages Doorway records as sent (SENT or DELIVERED) that the fake did not accept exactly once, under that SID. */
    List<Page> recordedSentButNotOnce() {
        return pages.stream()
                .filter(p -> ("SENT".equals(p.state()) || "DELIVERED".equals(p.state()))
                        && (p.timesAccepted() != 1 || !p.sidMatches()))
                .toList();
    }

    /** Pages in a state other than these. */
    List<Page> notIn(String... states) {
        java.util.Set<String> allowed = java.util.Set.of(states);
        return pages.stream().filter(p -> !allowed.contains(p.state())).toList();
    }

    /** How many pages are in each state. */
    Map<String, Long> states() {
        return pages.stream()
                .collect(Collectors.groupingBy(Page::state, java.util.TreeMap::new, Collectors.counting()));
    }
}
