-- Nothing stalls a feed (issue 11): what an HTTP door refused after reading it, kept for an
-- administrator to see; which instance has taken which export file; how far a 311 feed's paging got.

-- A body a source posted that Doorway read but could not take (a record refused by its mapper,
-- an identifier too long, a referral the database would not store). The source was answered with
-- a problem (4xx), never asked to send it again; the body stays here, once however often it is
-- resent, for an administrator to look at (the dashboard shows only door, time, size and reason).
create table intake_dead_letter (
    id          bigserial   primary key,
    site        text        not null,
    channel     text        not null,
    route       text        not null,
    -- Field names, reasons and exception types only, never values.
    reason      text        not null,
    body        bytea       not null,
    body_sha256 text        not null,
    received_at timestamptz not null default doorway_now(),
    last_seen_at timestamptz not null default doorway_now(),
    times       integer     not null default 1,
    constraint intake_dead_letter_once unique (site, channel, body_sha256)
);
create index intake_dead_letter_recent on intake_dead_letter (site, last_seen_at desc);

-- Camel's idempotent read lock on the watched folder and the SFTP door (camel-sql's
-- JdbcOrphanLockAwareIdempotentRepository, in its own column names): a row while one instance
-- reads a file, so no other instance takes it; a row left by an instance that died grows old and
-- is taken over.
create table intake_file_claim (
    processorName text        not null,
    messageId     text        not null,
    createdAt     timestamp   not null,
    primary key (processorName, messageId)
);

-- Open311 paging: while a feed catches up through capped answers its cursor is the greatest
-- updated_datetime the server gave, asked from without overlap; an answer too large for one body
-- narrows the window to end at split_until until it fits.
alter table open311_feed add column catching_up boolean not null default false;
alter table open311_feed add column split_until timestamptz;
