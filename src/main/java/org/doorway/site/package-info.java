/**
 * A LEAD site as configured in its folder ({@code site.yaml}): case managers, on-call schedules in
 * layers, escalation policies, officers, and the source systems with their API keys and where to
 * tell them how a handoff goes; the on-call API and the calendar feeds. Reads files, owns no table.
 */
@OwnsTables({})
package org.doorway.site;

import org.doorway.system.OwnsTables;
