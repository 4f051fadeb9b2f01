/**
 * Stage 5, handoff: the warm handoff's clock, from request to handed off, and the only writer of
 * its state ({@link org.doorway.handoff.Handoffs}, {@link org.doorway.handoff.HandoffClock}); the
 * paging engine and the dashboard move it through this package's methods, never its tables. Also
 * the details page a case manager opens once on the way, and closing a handoff.
 */
@OwnsTables({"handoff", "handoff_event", "handoff_decline", "handoff_correction"})
package org.doorway.handoff;

import org.doorway.system.OwnsTables;
