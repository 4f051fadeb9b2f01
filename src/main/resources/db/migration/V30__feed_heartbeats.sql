-- Heartbeats of the feeds (issue 12): a source that goes silent is noticed.
-- Written by intake as records arrive (at most every few seconds per feed, so that hundreds of
-- records a second do not queue on one row): when the feed last delivered and last failed.
create table feed_heartbeat (
    site           text        not null,
    channel        text        not null,
    last_record_at timestamptz,
    last_error_at  timestamptz,
    -- Field names and reasons only, never values (like dead letters).
    last_error     text,
    primary key (site, channel)
);

-- The watcher's state for each watched feed, one row per site and channel: the row lock and the
-- state change make several instances alert once per silence.
create table feed_watch (
    site           text        not null,
    channel        text        not null,
    -- When the watch began (a feed that never delivered is silent counted from here).
    watching_since timestamptz not null,
    state          text        not null default 'FLOWING' check (state in ('FLOWING', 'SILENT')),
    -- While SILENT: when it was found silent, and the last record it had then.
    silent_at      timestamptz,
    silent_after   timestamptz,
    recovered_at   timestamptz,
    primary key (site, channel)
);

-- The texts to a site's administrator about its feeds, sent at most once like every page.
create table feed_alert (
    id         bigserial   primary key,
    site       text        not null,
    channel    text        not null,
    kind       text        not null check (kind in ('SILENT', 'RECOVERED')),
    to_number  text        not null,
    body       text        not null,
    state      text        not null default 'PENDING'
                           check (state in ('PENDING', 'SENDING', 'SENT', 'FAILED')),
    created_at timestamptz not null default doorway_now(),
    sent_at    timestamptz,
    error      text
);
create index feed_alert_pending on feed_alert (id) where state = 'PENDING';
