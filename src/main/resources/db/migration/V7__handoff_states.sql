-- The whole warm-handoff clock: acknowledged -> en route -> on scene -> handed off (or unanswered,
-- person left, cancelled), every moment with how it was recorded, in an append-only event log.

alter table handoff
    add column en_route_at   timestamptz,
    add column on_scene_at   timestamptz,
    add column handed_off_at timestamptz,
    add column closed_at     timestamptz,
    add column close_reason  text,
    add column reminders     int not null default 0;   -- en-route reminders sent since acknowledgement

create table handoff_event (
    id          bigserial   primary key,
    referral_id uuid        not null references handoff (referral_id),
    kind        text        not null,   -- REQUESTED, PAGED, DELIVERED, ACKNOWLEDGED, DECLINED, EN_ROUTE, ON_SCENE,
                                        -- HANDED_OFF, REMINDED, LAPSED, UNANSWERED, PERSON_LEFT, CANCELLED, CORRECTED
    at          timestamptz not null,
    via         text        not null,   -- SMS, LINK, VOICE, DISPATCHER, ADMIN, SYSTEM
    actor       text,                   -- case manager or staff user id; never the referred person
    note        text                    -- for corrections: why (staff's words)
);
create index handoff_event_referral on handoff_event (referral_id, at);

-- Pages are PAGE (an escalation step) or REMINDER (to a responder who acknowledged but is not yet
-- en route). One of each per step, so a timer that fires twice sends once.
alter table page add column kind text not null default 'PAGE';
alter table page drop constraint page_one_per_step;
alter table page add constraint page_one_per_step unique (referral_id, step, kind);

-- Who declined a handoff (1d): escalation skips them for that handoff.
create table handoff_decline (
    referral_id  uuid        not null references handoff (referral_id),
    recipient_id text        not null,
    at           timestamptz not null,
    primary key (referral_id, recipient_id)
);

-- Carrier opt-outs (STOP ... START) and the last answer to a number Doorway never paged.
create table sms_opt_out (
    number text        primary key,
    at     timestamptz not null
);
create table sms_unknown_sender (
    number      text        primary key,
    answered_at timestamptz not null
);
