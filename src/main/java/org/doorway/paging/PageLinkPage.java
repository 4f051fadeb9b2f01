package org.doorway.paging;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.doorway.audit.AccessAudit;
import org.doorway.handoff.Handoff;
import org.doorway.handoff.HandoffClock;
import org.doorway.handoff.Handoffs;
import org.doorway.referral.Referral;
import org.doorway.referral.ReferralStore;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Controller;
import org.springframework.transaction.support.TransactionTemplate;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/**
 * {@code /p/{token}}: the page a case manager reaches by tapping the link in a page. Without
 * sign-in it offers what the SMS carries (reference, door, place, how long ago) and the same
 * actions as the reply codes: take it (with an ETA), pass, en route, on scene, handed off. The
 * person's details are one more tap away, behind sign-in. An unknown, altered, expired or revoked
 * link (see {@link PageLinks}) shows the same plain "expired" page, naming no case, and does
 * nothing.
 *
 * <p>A link acts on its own page's handoff only: which handoff, and whose answer it is, come from
 * the page the token names, never from the form (which carries only the action and the ETA). Once
 * an action ends the handoff, the link is revoked with it, and the page it returns to is the
 * "expired" one, with what was noted.
 */
@Controller
class PageLinkPage {

    private final PageLinks links;
    private final Pages pages;
    private final ReferralStore referrals;
    private final Handoffs handoffs;
    private final HandoffClock clock;
    private final TransactionTemplate transaction;

    PageLinkPage(
            PageLinks links,
            Pages pages,
            ReferralStore referrals,
            Handoffs handoffs,
            HandoffClock clock,
            TransactionTemplate transaction) {
        this.links = links;
        this.pages = pages;
        this.referrals = referrals;
        this.handoffs = handoffs;
        this.clock = clock;
        this.transaction = transaction;
    }

    /** The link is not (or no longer) valid. */
    @ResponseStatus(HttpStatus.NOT_FOUND)
    static final class ExpiredLink extends RuntimeException {}

    /** The "expired" page, as a 404: nothing is there for this address. */
    private static String expired(HttpServletResponse response) {
        response.setStatus(HttpStatus.NOT_FOUND.value());
        return "handoff/link-expired";
    }

    private Pages.Linked page(String token) {
        return links.pageId(token).flatMap(pages::linked).orElseThrow(ExpiredLink::new);
    }

    @GetMapping("/p/{token}")
    String show(@PathVariable String token, Model model, HttpServletRequest request, HttpServletResponse response) {
        Pages.Linked page;
        try {
            page = page(token);
        } catch (ExpiredLink e) {
            return expired(response);
        }
        // The link, not an account, is who reads: the access audit records it by page.
        AccessAudit.link(request, page.pageId(), page.referralId());
        ReferralStore.Stored stored = referrals.find(page.referralId()).orElseThrow(ExpiredLink::new);
        Referral referral = referrals.body(page.referralId()).orElseThrow(ExpiredLink::new);
        Handoff handoff = handoffs.find(page.referralId()).orElseThrow(ExpiredLink::new);
        model.addAttribute("token", token);
        model.addAttribute("ref", stored.shortRef());
        model.addAttribute("door", PageText.doorWords(referral.door()));
        model.addAttribute(
                "place",
                referral.location() == null ? null : referral.location().text());
        model.addAttribute(
                "minutesAgo",
                Duration.between(handoff.requestedAt(), Instant.now()).toMinutes());
        model.addAttribute("handoff", handoff);
        model.addAttribute("mine", page.recipientId().equals(handoff.responderId()));
        model.addAttribute("open", "PAGING".equals(handoff.state()) || "UNANSWERED".equals(handoff.state()));
        model.addAttribute("referralId", page.referralId());
        return "handoff/link";
    }

    @PostMapping("/p/{token}")
    String act(
            @PathVariable String token,
            @RequestParam String action,
            @RequestParam Optional<Integer> eta,
            RedirectAttributes redirect,
            HttpServletRequest request,
            HttpServletResponse response) {
        Pages.Linked page;
        try {
            page = page(token);
        } catch (ExpiredLink e) {
            return expired(response);
        }
        AccessAudit.link(request, page.pageId(), page.referralId());
        AccessAudit.fields(
                request,
                "one-tap answer: "
                        + switch (action) {
                            case "decline", "en-route", "on-scene", "handed-off" -> action;
                            default -> "take";
                        });
        String said = transaction.execute(status -> {
            if ("decline".equals(action)) {
                return switch (clock.decline(page.referralId(), page.recipientId(), HandoffClock.Via.LINK)) {
                    case DONE -> "Noted: it goes to the next person.";
                    case TAKEN -> "Someone else has it.";
                    default -> "This handoff is closed.";
                };
            }
            HandoffClock.Step step = switch (action) {
                case "en-route" -> HandoffClock.Step.EN_ROUTE;
                case "on-scene" -> HandoffClock.Step.ON_SCENE;
                case "handed-off" -> HandoffClock.Step.HANDED_OFF;
                default -> HandoffClock.Step.ACKNOWLEDGE;
            };
            Integer minutes = eta.filter(m -> m > 0 && m < 1000).orElse(null);
            return switch (clock.report(page.referralId(), page.recipientId(), step, minutes, HandoffClock.Via.LINK)) {
                case DONE -> "Noted.";
                case ALREADY -> "Already noted.";
                case TAKEN -> "Someone else has it.";
                case CLOSED -> "This handoff is closed.";
            };
        });
        redirect.addFlashAttribute("said", said);
        return "redirect:/p/" + token;
    }
}
