/**
 * The coverage planner, a what-if stage beside triage: before a site changes its hours, zones or
 * roster, it replays real arrivals (exports read as {@code policy replay} reads them,
 * {@link org.doorway.intake.Exports}) through the site's triage policy and a scenario's staffing,
 * and says how many warm handoffs would reach the person within the target (DOMAIN.md: ideally
 * within 30 minutes). A simulation, not a formula: who is on call when, how long acknowledging
 * and travelling take, how long a case manager stays on scene and so cannot take the next one, and
 * escalation to the next free person, all repeatable with a seed.
 *
 * <ul>
 *   <li>{@link org.doorway.planner.Scenario}: a staffing scenario file and its defaults;</li>
 *   <li>{@link org.doorway.planner.Arrivals}: referrals decided by the policy, as arrivals;</li>
 *   <li>{@link org.doorway.planner.CoverageSimulation}: the simulation, and what it counts
 *       ({@link org.doorway.planner.CoverageResult});</li>
 *   <li>{@link org.doorway.planner.Measured}: a site's measured handoffs and the models fitted on
 *       them (acknowledging by hour, travel by zone, time on scene);</li>
 *   <li>{@link org.doorway.planner.RosterInForce} and {@link org.doorway.planner.BackTest}: the
 *       roster a site really had, and how well the model reproduces the period under it;</li>
 *   <li>{@link org.doorway.planner.Breakdown}: results by zone, hour and weekday;</li>
 *   <li>{@link org.doorway.planner.CoverageCommand}: {@code java -jar doorway.jar coverage …}.</li>
 * </ul>
 *
 * <p>Reads nothing from the database and writes nothing: it owns no table. (The dashboard's planner
 * page reads a site's stored referrals and handoffs and hands them over.)
 */
@OwnsTables({})
package org.doorway.planner;

import org.doorway.system.OwnsTables;
