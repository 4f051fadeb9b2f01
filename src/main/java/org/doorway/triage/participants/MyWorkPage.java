package org.doorway.triage.participants;

import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.UUID;
import org.doorway.handoff.HandoffClock;
import org.doorway.referral.Door;
import org.doorway.staff.StaffAccounts;
import org.doorway.staff.StaffMembers;
import org.doorway.staff.StaffRoles;
import org.doorway.triage.Caseloads;
import org.springframework.core.env.Environment;
import org.springframework.http.HttpStatus;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.core.Authentication;
import org.springframework.stereotype.Controller;
import org.springframework.transaction.support.TransactionTemplate;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/**
 * {@code /my-work}: a signed-in case manager's own work, on a phone, without JavaScript: the open
 * handoffs they are being paged for or have taken, each with its clock (minutes since the request
 * against the site's warm-handoff target, {@code doorway.dashboard.target}), one-tap ETAs, "arrived",
 * "handed off" and "I cannot"; their participants and their caseload against the site's limit.
 *
 * <p>Each tap ({@code POST /my-work/handoffs/{id}}) moves the handoff through {@link HandoffClock},
 * exactly as the page's reply codes and its one-tap link ({@code /p/…}) do: the same state machine,
 * the same events, so the officer's and dispatch's notices follow as they would after an SMS. An ETA
 * on a handoff still being paged takes it ("coming, about N min"); on one already theirs it says
 * "on my way, N min" (en route). A handoff that is neither theirs nor being paged to them is 404.
 * Recorded as answered by {@code LINK} (the web), with the case manager's roster id as actor.
 */
@Controller
class MyWorkPage {

    /** The ETAs offered as one tap, in minutes. */
    static final List<Integer> ETAS = List.of(10, 20, 30);

    private final StaffMembers members;
    private final HandoffClock clock;
    private final Participants participants;
    private final Caseloads caseloads;
    private final TransactionTemplate transaction;
    private final JdbcClient db;
    private final Environment environment;

    MyWorkPage(
            StaffMembers members,
            HandoffClock clock,
            Participants participants,
            Caseloads caseloads,
            TransactionTemplate transaction,
            JdbcClient db,
            Environment environment) {
        this.members = members;
        this.clock = clock;
        this.participants = participants;
        this.caseloads = caseloads;
        this.transaction = transaction;
        this.db = db;
        this.environment = environment;
    }

    /**
     * An open handoff as the case manager sees it: what the page's SMS carries, and the clock.
     *
     * @param referralId     the referral
     * @param shortRef       its short reference
     * @param door           the door, in words
     * @param place          the street address, or {@code null}
     * @param state          the handoff's state
     * @param mine           whether they have taken it (else they are being paged for it)
     * @param minutes        minutes since the request
     * @param late           whether that is past the target
     * @param etaMinutes     the ETA they gave, or {@code null}
     * @param enRoute        whether they said they are on their way
     * @param onScene        whether they said they arrived
     */
    public record Open(
            UUID referralId,
            String shortRef,
            String door,
            String place,
            String state,
            boolean mine,
            long minutes,
            boolean late,
            Integer etaMinutes,
            boolean enRoute,
            boolean onScene) {}

    private StaffAccounts.Staff caseManager(Authentication user) {
        StaffRoles.require(user, StaffRoles.STAFF);
        return members.of(user)
                .filter(s -> s.caseManagerId() != null && s.site() != null)
                .orElseThrow(() -> StaffRoles.problem(
                        HttpStatus.FORBIDDEN,
                        "forbidden",
                        "Not allowed",
                        "This page is a case manager's own work: sign in as a case manager of the site's roster."));
    }

    /** The site's warm-handoff target (request to on scene): its own, else the default (30 minutes). */
    Duration target(String site) {
        try {
            Duration own = environment.getProperty("doorway.dashboard.site-targets." + site, Duration.class);
            if (own != null) {
                return own;
            }
            return environment.getProperty("doorway.dashboard.target", Duration.class, Duration.ofMinutes(30));
        } catch (RuntimeException e) {
            return Duration.ofMinutes(30);
        }
    }

    private static final String OPEN = """
            select h.referral_id, r.short_ref, r.door, r.body -> 'location' ->> 'text', h.state, h.responder_id,
                   extract(epoch from (doorway_now() - h.requested_at)), h.eta_minutes,
                   h.en_route_at is not null, h.on_scene_at is not null
            from handoff h join referral r on r.id = h.referral_id
            where h.site = ? and h.closed_at is null and h.state not in ('HANDED_OFF', 'CANCELLED', 'PERSON_LEFT')
              and (h.responder_id = ?
                   or h.state in ('PAGING', 'UNANSWERED')
                      and exists (select 1 from page p where p.referral_id = h.referral_id and p.recipient_id = ?
                                    and p.kind in ('PAGE', 'VOICE'))
                      and not exists (select 1 from handoff_decline d where d.referral_id = h.referral_id
                                        and d.recipient_id = ?))""";

    /** The open handoffs of {@code me} (taken, or paged and not declined), oldest first. */
    List<Open> open(StaffAccounts.Staff me, UUID only) {
        Duration target = target(me.site());
        String sql = OPEN + (only == null ? "" : " and h.referral_id = ?") + " order by h.requested_at";
        List<Object> params = new java.util.ArrayList<>(
                List.of(me.site(), me.caseManagerId(), me.caseManagerId(), me.caseManagerId()));
        if (only != null) {
            params.add(only);
        }
        return db.sql(sql)
                .params(params)
                .query((rs, n) -> {
                    long seconds = (long) rs.getDouble(7);
                    return new Open(
                            rs.getObject(1, UUID.class),
                            rs.getString(2),
                            doorWords(rs.getString(3)),
                            rs.getString(4),
                            rs.getString(5),
                            me.caseManagerId().equals(rs.getString(6)),
                            seconds / 60,
                            seconds > target.toSeconds(),
                            (Integer) rs.getObject(8),
                            rs.getBoolean(9),
                            rs.getBoolean(10));
                })
                .list();
    }

    @GetMapping("/my-work")
    String page(Authentication user, Model model) {
        StaffAccounts.Staff me = caseManager(user);
        model.addAttribute("me", me);
        model.addAttribute("open", open(me, null));
        model.addAttribute("etas", ETAS);
        model.addAttribute("targetMinutes", target(me.site()).toMinutes());
        model.addAttribute("caseload", caseloads.of(me.site(), me.caseManagerId()));
        model.addAttribute(
                "participants",
                participants.search(new Participants.Search(me.site(), me.caseManagerId(), null, null), 200));
        model.addAttribute("fmt", ParticipantsPage.TIMES);
        return "participants/my-work";
    }

    @PostMapping("/my-work/handoffs/{id}")
    String act(
            @PathVariable String id,
            @RequestParam(required = false) String action,
            @RequestParam Optional<Integer> eta,
            Authentication user,
            RedirectAttributes redirect) {
        StaffAccounts.Staff me = caseManager(user);
        UUID referralId;
        try {
            referralId = UUID.fromString(id);
        } catch (IllegalArgumentException e) {
            throw notFound();
        }
        Open handoff = open(me, referralId).stream().findFirst().orElseThrow(MyWorkPage::notFound);
        String what = action == null ? "" : action.strip().toLowerCase(Locale.ROOT);
        Integer minutes = eta.filter(m -> m > 0 && m < 1000).orElse(null);
        if (!List.of("eta", "arrived", "handed-off", "decline").contains(what)
                || "eta".equals(what) && minutes == null) {
            throw StaffRoles.invalid(List.of(ParticipantDesk.error(
                    "action", "must be eta (with eta in minutes), arrived, handed-off or decline")));
        }
        String who = me.caseManagerId();
        String said = transaction.execute(status -> {
            if ("decline".equals(what)) {
                return switch (clock.decline(referralId, who, HandoffClock.Via.LINK)) {
                    case DONE -> "Noted: it goes to the next person.";
                    case TAKEN -> "Someone else has it.";
                    default -> "This handoff is closed.";
                };
            }
            HandoffClock.Step step = switch (what) {
                case "arrived" -> HandoffClock.Step.ON_SCENE;
                case "handed-off" -> HandoffClock.Step.HANDED_OFF;
                default -> handoff.mine() ? HandoffClock.Step.EN_ROUTE : HandoffClock.Step.ACKNOWLEDGE;
            };
            return switch (clock.report(referralId, who, step, minutes, HandoffClock.Via.LINK)) {
                case DONE ->
                    "Noted: LEAD " + handoff.shortRef() + ", "
                            + switch (step) {
                                case ACKNOWLEDGE -> "you are coming, about " + minutes + " min.";
                                case EN_ROUTE -> "on your way, about " + minutes + " min.";
                                case ON_SCENE -> "arrived.";
                                case HANDED_OFF -> "handed off. Thank you.";
                            };
                case ALREADY -> "Already noted.";
                case TAKEN -> "Someone else has it.";
                case CLOSED -> "This handoff is closed.";
            };
        });
        redirect.addFlashAttribute("said", said);
        return "redirect:/my-work";
    }

    private static org.springframework.web.ErrorResponseException notFound() {
        return StaffRoles.problem(
                HttpStatus.NOT_FOUND, "not-found", "Handoff not found", "No open handoff of yours has this id.");
    }

    private static String doorWords(String door) {
        try {
            return switch (Door.valueOf(door)) {
                case ARREST_DIVERSION -> "arrest diversion";
                case SOCIAL_CONTACT -> "social contact";
                case COMMUNITY -> "community referral";
            };
        } catch (IllegalArgumentException | NullPointerException e) {
            return "referral";
        }
    }
}
