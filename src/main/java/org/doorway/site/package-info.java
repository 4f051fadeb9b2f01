/**
 * A LEAD site as configured in its folder ({@code site.yaml}): case managers, on-call schedules in
 * layers, escalation policies, officers, and the source systems with their API keys and where to
 * tell them how a handoff goes; the on-call API, the schedule page and the calendar feeds. Owns
 * the on-call overrides made in the browser or through the API, which apply on top of the file's.
 */
@OwnsTables({"oncall_override", "site_revision", "shift_text"})
package org.doorway.site;

import org.doorway.system.OwnsTables;
