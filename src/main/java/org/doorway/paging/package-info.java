/**
 * Stage 4, paging: the escalation engine ({@link org.doorway.paging.PagingEngine},
 * {@link org.doorway.paging.Escalations}) that pages whoever is on call, the pages themselves
 * ({@link org.doorway.paging.Pages}: claimed rows, sent at most once), replies by SMS, voice and
 * link, delivery reports, and the notices that tell the referrer and the sending system how the
 * handoff goes. {@code twilio} is the one place that talks to the provider.
 */
@OwnsTables({"page", "page_link", "notice", "provider_status", "provider_outage", "sms_opt_out", "sms_unknown_sender"})
package org.doorway.paging;

import org.doorway.system.OwnsTables;
