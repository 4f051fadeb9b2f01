-- Doorway's first schema: a referral, the decision triage took on it, the warm handoff it asked
-- for, and every page sent for that handoff. Every timer lives in a row here, never in memory:
-- whichever instance is alive claims due rows with FOR UPDATE SKIP LOCKED.

create table referral (
    id           uuid        primary key,
    short_ref    text        not null unique,          -- what an SMS carries instead of a name
    site         text        not null,
    door         text        not null,
    source       text        not null,                 -- kind of feed: eido, open311, ...
    source_id    text        not null,                 -- the feed's own id of the incident
    channel      text        not null,                 -- how it arrived: http:<api key source>, kafka:<topic>
    received_at  timestamptz not null,
    occurred_at  timestamptz,
    body         jsonb       not null,                 -- the canonical referral
    constraint referral_source_unique unique (source, source_id)
);
create index referral_site_received on referral (site, received_at desc);

create table triage_decision (
    referral_id    uuid        primary key references referral (id),
    outcome        text        not null,
    reasons        jsonb       not null,
    policy_version text        not null,
    decided_at     timestamptz not null
);

-- One row per requested warm handoff. escalate_at is the handoff's only timer: when it passes
-- and the handoff is still PAGING, the next escalation step pages someone.
create table handoff (
    referral_id      uuid        primary key references referral (id),
    site             text        not null,
    state            text        not null,             -- PAGING, ACKNOWLEDGED, UNANSWERED
    requested_at     timestamptz not null,
    paged_at         timestamptz,
    delivered_at     timestamptz,
    acknowledged_at  timestamptz,
    responder_id     text,
    eta_minutes      int,
    next_step        int         not null default 0,   -- the escalation step escalate_at will fire
    escalate_at      timestamptz
);
create index handoff_escalate_at on handoff (escalate_at) where escalate_at is not null;

-- The outbox of pages. PENDING -> SENDING (claimed, with a deadline) -> SENT -> DELIVERED, or
-- FAILED, CANCELLED (the handoff was answered first) or UNCERTAIN (the sender died mid-send: it
-- may have gone out, so it is never sent again; escalation carries on regardless).
create table page (
    id               bigserial   primary key,
    referral_id      uuid        not null references referral (id),
    step             int         not null,
    recipient_id     text        not null,
    to_number        text        not null,
    reply_code       int         not null,
    body             text        not null,
    state            text        not null,
    attempts         int         not null default 0,
    due_at           timestamptz not null,
    send_deadline    timestamptz,
    provider_sid     text        unique,
    provider_status  text,
    error_code       text,
    created_at       timestamptz not null default now(),
    sent_at          timestamptz,
    delivered_at     timestamptz,
    constraint page_one_per_step unique (referral_id, step)
);
create index page_due on page (due_at) where state = 'PENDING';
create index page_sending on page (send_deadline) where state = 'SENDING';
create index page_by_number on page (to_number, created_at desc);

-- Delivery reports as the provider sends them, kept by message SID. A report can arrive before the
-- send that caused it has been recorded; it waits here and is applied when the SID is stored.
create table provider_status (
    sid         text        primary key,
    status      text        not null,
    rank        int         not null,
    error_code  text,
    reported_at timestamptz not null
);

-- People who sign in to Doorway's pages.
create table app_user (
    username      text        primary key,
    password_hash text        not null,
    role          text        not null,
    created_at    timestamptz not null default now()
);

-- The local outbox: what Doorway would have sent through Twilio when no account is configured,
-- and what was "replied". Only used in that mode.
create table outbox_message (
    id          bigserial   primary key,
    sid         text        not null unique,
    direction   text        not null,                  -- OUTBOUND (Doorway -> phone) or INBOUND
    from_number text        not null,
    to_number   text        not null,
    body        text        not null,
    status      text        not null,
    created_at  timestamptz not null default now()
);

-- Short references: what an SMS and a radio call carry instead of a name. Six characters from an
-- alphabet without look-alikes (no 0/O, 1/I/L, U), drawn from a sequence through a bijection of
-- 0..30^6-1, so they are unique by construction yet do not count referrals in the open.
create sequence referral_ref_seq;
create function short_ref(n bigint) returns text language sql immutable as $$
    select string_agg(substr('23456789ABCDEFGHJKMNPQRSTVWXYZ',
                             ((((n * 282475249 + 104729) % 729000000) / (30::bigint ^ i)::bigint) % 30)::int + 1, 1),
                      '' order by i desc)
    from generate_series(0, 5) as i
$$;
