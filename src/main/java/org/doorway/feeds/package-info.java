/**
 * Heartbeats of the feeds: a source that stops delivering is noticed. Each source a site's
 * {@code site.yaml} gives a rhythm ({@code sources[].expect-every}) is watched: silence longer than
 * its rhythm, counted during the site's operating hours (its triage policy's
 * {@code operating-hours}; always, when the site has no policy), makes it {@code SILENT} once,
 * texts the site's administrator ({@code administrator.phone}) once, and shows on the dashboard's
 * feeds page; the next record makes it flow again, with a recovery text. Sources without a rhythm
 * are shown, not watched.
 *
 * <p>{@link org.doorway.feeds.FeedWatch} looks every {@code doorway.feeds.watch-every} (PT30S);
 * the state of each feed is a row ({@code feed_watch}) locked while it is looked at, so several
 * instances alert once. What intake noted of each feed (last record, last error) is intake's
 * {@code feed_heartbeat}, read here.
 */
@OwnsTables({"feed_watch", "feed_alert"})
package org.doorway.feeds;

import org.doorway.system.OwnsTables;
