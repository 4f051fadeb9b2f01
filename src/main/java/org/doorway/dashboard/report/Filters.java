package org.doorway.dashboard.report;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The filters a dashboard page was asked for, as the date form shows them and as every link (CSV
 * downloads, the measure switch) carries them on.
 *
 * @param from    the first day (yyyy-mm-dd)
 * @param to      the last day, included
 * @param site    the site, or empty for every site the viewer may see
 * @param measure {@code onScene} or {@code acknowledged}: what the latency charts draw
 * @param warning what was wrong with the filters asked for (the defaults were used instead), or {@code null}
 * @param meeting the OWG meeting an agenda is for (yyyy-mm-dd), or {@code null}
 *
 * <p>The methods the templates call are public: Thymeleaf's expressions only call public methods.
 */
public record Filters(String from, String to, String site, String measure, String warning, String meeting) {

    public Filters(String from, String to, String site, String measure, String warning) {
        this(from, to, site, measure, warning, null);
    }

    /** The same filters for the agenda of this meeting. */
    public Filters withMeeting(String day) {
        return new Filters(from, to, site, measure, warning, day);
    }

    /** The query string of these filters, with {@code measure} replaced when given. */
    public String query(String otherMeasure) {
        Map<String, String> params = new LinkedHashMap<>();
        params.put("from", from);
        params.put("to", to);
        if (site != null && !site.isEmpty()) {
            params.put("site", site);
        }
        params.put("measure", otherMeasure == null ? measure : otherMeasure);
        if (meeting != null) {
            params.put("meeting", meeting);
        }
        StringBuilder q = new StringBuilder();
        params.forEach((k, v) -> q.append(q.isEmpty() ? "?" : "&")
                .append(k)
                .append('=')
                .append(java.net.URLEncoder.encode(v, java.nio.charset.StandardCharsets.UTF_8)));
        return q.toString();
    }

    /** The query string as it is. */
    public String query() {
        return query(null);
    }

    /** Whether the charts draw request → on scene. */
    public boolean onScene() {
        return !"acknowledged".equals(measure);
    }
}
