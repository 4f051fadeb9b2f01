package org.doorway.dashboard;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.doorway.dashboard.report.Cell;
import org.doorway.dashboard.report.Suppression;
import org.doorway.dashboard.report.Table;
import org.doorway.site.Site;
import org.doorway.site.Sites;
import org.doorway.staff.Viewer;
import org.springframework.stereotype.Component;

/**
 * The live board: every warm handoff still under way (being paged, acknowledged, en route, on
 * scene), oldest first, with the time since its request and against its target.
 * <ul>
 *   <li>A dispatcher sees their own source's handoffs as intake status: short reference, door,
 *       state and elapsed time, nothing else;</li>
 *   <li>a case manager the handoffs they are part of, a supervisor or administrator all of them,
 *       with site, zone, responder and ETA, each linked to its details;</li>
 *   <li>a PCG viewer how many are open in each state, small counts suppressed.</li>
 * </ul>
 */
@Component
public class Board {

    private final HandoffFacts facts;
    private final Latency latency;
    private final Sites sites;
    private final DashboardProperties properties;

    Board(HandoffFacts facts, Latency latency, Sites sites, DashboardProperties properties) {
        this.facts = facts;
        this.latency = latency;
        this.sites = sites;
        this.properties = properties;
    }

    /** The board as this viewer may see it, as of {@code now}. */
    /** The provider channels down now, for the board's banner (see {@link HandoffFacts#providerOutages}). */
    List<String> providerOutages() {
        return facts.providerOutages();
    }

    Table board(String site, Viewer viewer, Instant now) {
        List<HandoffFacts.Row> open = facts.open(site, viewer);
        if (viewer.sight() == Viewer.Sight.AGGREGATE) {
            Suppression suppression = Suppression.of(viewer, properties.smallCount());
            Map<String, Integer> byState = new LinkedHashMap<>();
            HandoffFacts.OPEN_STATES.forEach(s -> byState.put(s, 0));
            open.forEach(row -> byState.merge(row.state(), 1, Integer::sum));
            List<List<Cell>> rows = new ArrayList<>();
            byState.forEach((state, n) -> rows.add(List.of(Cell.text(stateWords(state)), Cell.count(n, suppression))));
            return new Table(
                    "open-handoffs",
                    "Open handoffs",
                    List.of("State", "Handoffs"),
                    rows,
                    "Handoffs under way now, by state" + suppressionNote(suppression) + ".");
        }
        if (viewer.sight() == Viewer.Sight.STATUS) {
            List<List<Cell>> rows = new ArrayList<>();
            for (HandoffFacts.Row row : open) {
                rows.add(List.of(
                        Cell.text(row.shortRef()),
                        Cell.text(Latency.doorWords(row.door())),
                        Cell.text(stateWords(row.state())),
                        Cell.elapsed(row.requestedAt(), now)));
            }
            return new Table(
                    "open-handoffs",
                    "Intake status: open handoffs",
                    List.of("Ref", "Door", "State", "Elapsed"),
                    rows,
                    "Handoffs your source sent that are still under way.");
        }
        List<List<Cell>> rows = new ArrayList<>();
        for (HandoffFacts.Row row : open) {
            Duration target = latency.target(row.site());
            Duration left = Duration.between(now, row.requestedAt().plus(target));
            Cell against;
            if (row.onSceneAt() != null) {
                double took =
                        Duration.between(row.requestedAt(), row.onSceneAt()).toMillis() / 1000.0;
                against = new Cell(
                        "on scene after " + Cell.duration(took),
                        "on-scene",
                        null,
                        row.onSceneAt().isAfter(row.requestedAt().plus(target)) ? "bad" : "ok");
            } else if (left.isNegative()) {
                against = new Cell("over by " + Cell.duration(-left.toMillis() / 1000.0), "over", null, "bad");
            } else {
                against = new Cell(Cell.duration(left.toMillis() / 1000.0) + " left", "within", null, null);
            }
            rows.add(List.of(
                    Cell.text(row.shortRef()).link("/dashboard/handoffs/" + row.referralId()),
                    Cell.text(row.site()),
                    Cell.text(Latency.doorWords(row.door())),
                    Cell.text(row.zone() == null ? "–" : row.zone()),
                    Cell.text(stateWords(row.state())),
                    Cell.time(row.requestedAt(), latency.zone(row.site())),
                    Cell.elapsed(row.requestedAt(), now),
                    against,
                    Cell.text(responder(row)),
                    row.etaMinutes() == null ? Cell.EMPTY : Cell.text(row.etaMinutes() + " min")));
        }
        return new Table(
                "open-handoffs",
                "Open handoffs",
                List.of("Ref", "Site", "Door", "Zone", "State", "Requested", "Elapsed", "Target", "Responder", "ETA"),
                rows,
                "Every handoff still under way, oldest first; elapsed time counts from the request.");
    }

    private String responder(HandoffFacts.Row row) {
        if (row.responderId() == null) {
            return "–";
        }
        return sites.find(row.site())
                .flatMap(s -> s.caseManager(row.responderId()))
                .map(Site.CaseManager::name)
                .orElse(row.responderId());
    }

    public static String stateWords(String state) {
        return switch (state) {
            case "PAGING" -> "paging";
            case "ACKNOWLEDGED" -> "acknowledged";
            case "EN_ROUTE" -> "en route";
            case "ON_SCENE" -> "on scene";
            case "HANDED_OFF" -> "handed off";
            case "UNANSWERED" -> "unanswered";
            case "PERSON_LEFT" -> "person left";
            case "CANCELLED" -> "cancelled";
            default -> state.toLowerCase(java.util.Locale.ROOT);
        };
    }

    public static String suppressionNote(Suppression suppression) {
        return suppression.active()
                ? "; counts from 1 to " + (suppression.threshold() - 1) + " are shown as <" + suppression.threshold()
                : "";
    }
}
