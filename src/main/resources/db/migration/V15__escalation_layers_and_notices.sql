-- An escalation step may page several layers (primary and backup at once) and by more than one
-- channel: one page per step, kind and person. A step that fires twice still pages each person once.
alter table page drop constraint page_one_per_step;
alter table page add constraint page_one_per_step unique (referral_id, step, kind, recipient_id);

-- What Doorway tells the systems waiting on a handoff (a dispatch centre's webhook, a Kafka topic)
-- when it moves: one row per event and destination, written in the transaction that moved it, and
-- delivered at least once (receivers de-duplicate by event id). Officers are told by SMS through
-- the page table instead (kind NOTICE, step = the event's id).
create table notice (
    id          bigserial   primary key,
    referral_id uuid        not null references handoff (referral_id),
    event_id    bigint      not null references handoff_event (id),
    channel     text        not null,   -- WEBHOOK, KAFKA
    target      text        not null,   -- the URL or topic
    secret_env  text,                   -- WEBHOOK: the setting holding the signing secret
    body        text        not null,   -- JSON, fixed when the event happened
    state       text        not null default 'PENDING',   -- PENDING, SENDING, SENT, FAILED
    attempts    int         not null default 0,
    due_at      timestamptz not null,
    lease_until timestamptz,            -- SENDING: when another instance may take it over
    sent_at     timestamptz,
    error       text,
    constraint notice_once unique (event_id, channel, target)
);
create index notice_due on notice (due_at) where state in ('PENDING', 'SENDING');
