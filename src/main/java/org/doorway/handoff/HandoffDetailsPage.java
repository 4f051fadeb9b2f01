package org.doorway.handoff;

import java.util.List;
import java.util.UUID;
import org.doorway.referral.Callbacks;
import org.doorway.referral.Referral;
import org.doorway.referral.ReferralStore;
import org.doorway.staff.ReferralAccess;
import org.springframework.http.HttpStatus;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.server.ResponseStatusException;

/**
 * {@code /handoffs/{id}}: what a case manager needs once on the way, behind sign-in: who (the
 * descriptors the source gave), what (call type, notes), where (address, the source's description
 * of the place, a map link) and how to reach the referring officer or dispatcher, with the
 * handoff's clock and its events. Shown only to those {@link ReferralAccess} gives full sight:
 * the case managers involved, supervisors and administrators.
 *
 * <p>The referring officer's callback is a {@code tel:} link only when {@link Callbacks} finds its
 * number valid, and the link is rebuilt from that number; any other callback is shown as plain text
 * (never a link), since a source can send any text there.
 */
@Controller
class HandoffDetailsPage {

    private final ReferralStore referrals;
    private final Handoffs handoffs;
    private final ReferralAccess access;
    private final JdbcClient db;

    HandoffDetailsPage(ReferralStore referrals, Handoffs handoffs, ReferralAccess access, JdbcClient db) {
        this.referrals = referrals;
        this.handoffs = handoffs;
        this.access = access;
        this.db = db;
    }

    /** One line of the handoff's event log. */
    record Event(java.time.Instant at, String kind, String via, String actor) {}

    @GetMapping("/handoffs/{id}")
    String details(@PathVariable UUID id, Model model, org.springframework.security.core.Authentication user) {
        ReferralStore.Stored stored = referrals
                .find(id)
                .filter(r -> access.level(null, user, r) == ReferralAccess.Level.FULL)
                .orElseThrow(() -> new ResponseStatusException(HttpStatus.NOT_FOUND));
        Referral referral = referrals.body(id).orElseThrow();
        model.addAttribute("stored", stored);
        model.addAttribute("referral", referral);
        model.addAttribute("handoff", handoffs.find(id).orElse(null));
        // Only an officer's own number is offered (a 911 or 988 callback may be the person in
        // crisis), and only as a link rebuilt from a valid number: whatever else the source sent is
        // shown as text at most.
        Referral.Referrer referrer = referral.referrer();
        String officerCallback = referrer != null && "officer".equals(referrer.role()) ? referrer.callback() : null;
        model.addAttribute("callbackLink", Callbacks.tel(officerCallback).orElse(null));
        model.addAttribute("callbackNumber", Callbacks.e164(officerCallback).orElse(null));
        model.addAttribute("callbackAsGiven", officerCallback);
        Referral.Location where = referral.location();
        model.addAttribute(
                "map",
                where == null
                        ? null
                        : where.latitude() != null && where.longitude() != null
                                ? "https://www.openstreetmap.org/?mlat=" + where.latitude() + "&mlon="
                                        + where.longitude() + "#map=18/" + where.latitude() + "/" + where.longitude()
                                : where.text() == null
                                        ? null
                                        : "https://www.openstreetmap.org/search?query="
                                                + java.net.URLEncoder.encode(
                                                        where.text(), java.nio.charset.StandardCharsets.UTF_8));
        List<Event> events = db.sql("select at, kind, via, actor from handoff_event where referral_id = ? order by id")
                .param(id)
                .query((rs, n) ->
                        new Event(rs.getTimestamp(1).toInstant(), rs.getString(2), rs.getString(3), rs.getString(4)))
                .list();
        model.addAttribute("events", events);
        return "handoff/details";
    }
}
