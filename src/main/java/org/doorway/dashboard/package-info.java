/**
 * The administrators' dashboard: what the warm-handoff clock, triage and paging recorded, shown to
 * each member of staff as far as their role allows (DOMAIN.md: the 30-minute warm handoff, race data
 * at every stage, missed diversions, the OWG's biweekly review, the 30-day intake deadline).
 *
 * <h2>Pages (server-rendered, behind sign-in)</h2>
 * <ul>
 *   <li>{@code /dashboard}: the live board of open handoffs (reloading itself); latency p50/p90/p95
 *       request → acknowledged and request → on scene, overall and by site, door, zone, hour of day
 *       and weekday, as SVG charts drawn on the server ({@link org.doorway.dashboard.report.Charts}) and
 *       tables; breaches of the target and the weekday × hour heat map of where they cluster;
 *       coverage gaps in the next 14 days; pages sent, delivered, failed, retried, held, uncertain.</li>
 *   <li>{@code /dashboard/equity}: race, ethnicity and gender at each stage, and missed diversion
 *       opportunities.</li>
 *   <li>{@code /dashboard/owg}: the OWG agenda, printable (print CSS), with the form to extend an
 *       intake deadline.</li>
 *   <li>{@code /dashboard/owg/meeting}, {@code /dashboard/owg/minutes}: the OWG's meeting screen
 *       (decide, record intakes, extend deadlines) and its minutes ({@link org.doorway.dashboard.OwgMeeting});</li>
 *   <li>{@code /dashboard/overrides}, {@code /dashboard/overrides/report}: a supervisor's override of
 *       an exclusion, and the PCG's report of overrides ({@link org.doorway.dashboard.OverridePages});</li>
 *   <li>{@code /dashboard/handoffs/{id}}: one handoff's clock, corrections and event log, with the
 *       correction form.</li>
 *   <li>{@code /dashboard/tables/{id}.csv}: any table of these pages as CSV, with the page's filters.</li>
 * </ul>
 *
 * <h2>API</h2>
 * <ul>
 *   <li>{@code GET /api/v1/handoffs/latency?from&to[&site]} ({@link org.doorway.dashboard.LatencyApi});</li>
 *   <li>{@code POST|GET /api/v1/handoffs/{id}/corrections}, {@code POST /api/v1/referrals/{id}/intake-deadline},
 *       {@code POST /api/v1/referrals/{id}/intake} ({@link org.doorway.dashboard.ClockApi}).</li>
 * </ul>
 *
 * <h2>Who sees what ({@link org.doorway.staff.Viewer})</h2>
 * <table>
 *   <caption>Sections by role</caption>
 *   <tr><th>Role</th><th>Board</th><th>Latency, breaches, coverage, pages</th><th>Equity, missed</th>
 *       <th>OWG agenda</th><th>Corrections, extensions</th></tr>
 *   <tr><td>dispatcher</td><td>own source, status only</td><td>no</td><td>no</td><td>no</td><td>no</td></tr>
 *   <tr><td>case manager</td><td>own handoffs</td><td>own handoffs and pages</td><td>no</td>
 *       <td>own referrals</td><td>no (records intakes)</td></tr>
 *   <tr><td>supervisor, administrator</td><td>all of their site(s)</td><td>all</td><td>all</td><td>all</td>
 *       <td>yes</td></tr>
 *   <tr><td>PCG viewer</td><td>counts by state</td><td>aggregates</td><td>aggregates</td><td>counts</td>
 *       <td>no</td></tr>
 * </table>
 * Aggregates for PCG viewers (and source systems on the API) suppress every count from 1 to
 * {@code doorway.dashboard.small-count} − 1 (default 11), and what is computed from it.
 *
 * <h2>Settings ({@link org.doorway.dashboard.DashboardProperties}, {@code doorway.dashboard.*})</h2>
 * {@code target} (PT30M), {@code site-targets.<site>}, {@code small-count} (11), {@code intake-within}
 * (P30D), {@code owg-first-meeting} (2025-01-07), {@code owg-every} (P14D) (the last three are defaults
 * for sites whose policy does not set its own, {@link org.doorway.dashboard.OwgCalendar}), {@code coverage-days} (14),
 * {@code refresh-seconds} (30), {@code time-zone} (UTC when no site is chosen), {@code max-range-days} (400).
 *
 * <p>Read-only: the dashboard writes no table; corrections, extensions, intakes, reviews and
 * overrides go through the handoff and triage stages.
 */
@OwnsTables({})
package org.doorway.dashboard;

import org.doorway.system.OwnsTables;
