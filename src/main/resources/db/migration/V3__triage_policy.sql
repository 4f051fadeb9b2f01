-- Triage by the site's own policy. A decision now keeps everything it decided: the door, the
-- whole decision as triage took it (reasons, rules, follow-up deadline, redirect message,
-- alternatives, override, queue place), and, for equity reporting, the referred person's race,
-- ethnicity and gender ('not recorded' when the source gave none). A decision re-taken later (a
-- sergeant's late override) moves the earlier one to the history. Reviews by the Operations Work
-- Group, field follow-ups and the participant registry of the golden thread get their own tables.

alter table triage_decision
    add column door             text,
    add column detail           jsonb,                 -- the whole decision; null for rows older than V3
    add column race             text,
    add column ethnicity        text,
    add column gender           text,
    add column own_case_manager text,                  -- the golden thread: page them first
    add column override_by      text,
    add column override_rank    text,
    add column override_at      timestamptz,
    add column override_ok      boolean;               -- whether the policy accepted the override
create index triage_decision_decided_at on triage_decision (decided_at);
create index triage_decision_overrides on triage_decision (override_at) where override_at is not null;

-- Earlier decisions on a referral, newest last, with who replaced them and when.
create table triage_decision_history (
    id             bigserial   primary key,
    referral_id    uuid        not null references referral (id),
    outcome        text        not null,
    reasons        jsonb       not null,
    policy_version text        not null,
    detail         jsonb,
    decided_at     timestamptz not null,
    replaced_at    timestamptz not null,
    replaced_by    text        not null
);
create index triage_decision_history_referral on triage_decision_history (referral_id, id);

-- Referrals the Operations Work Group decides on: PENDING until a person approves or denies,
-- with who, when and why. Community referrals queued for capacity wait here too (queued), in
-- priority order, then in order of arrival.
create table owg_review (
    referral_id    uuid        primary key references referral (id),
    site           text        not null,
    door           text        not null,
    state          text        not null check (state in ('PENDING', 'APPROVED', 'DENIED')),
    queued         boolean     not null default false,
    queue_priority int,
    created_at     timestamptz not null,
    reviewed_by    text,
    reviewed_at    timestamptz,
    reason         text
);
create index owg_review_pending on owg_review (site, queue_priority, created_at) where state = 'PENDING';

-- Active field outreach owed to a referral (no warm handoff was possible, or the OWG approved it),
-- with its deadline. OPEN until someone marks it done.
create table follow_up (
    referral_id      uuid        primary key references referral (id),
    site             text        not null,
    door             text        not null,
    due_at           timestamptz not null,
    own_case_manager text,
    rule             text        not null,             -- the policy rule that queued it
    state            text        not null default 'OPEN' check (state in ('OPEN', 'DONE')),
    created_at       timestamptz not null,
    done_at          timestamptz,
    done_by          text
);
create index follow_up_open_due on follow_up (due_at) where state = 'OPEN';

-- Enrolled participants, for the golden thread. No name or date of birth is stored: only keyed
-- hashes (HMAC-SHA256) of them, one per matching rule, so that a referral can be matched to its
-- participant and nothing else can be read back.
create table participant (
    id           uuid        primary key,
    site         text        not null,
    case_manager text        not null,
    status       text        not null check (status in ('ACTIVE', 'INACTIVE')),
    created_at   timestamptz not null,
    updated_at   timestamptz not null,
    updated_by   text        not null
);
create index participant_site_status on participant (site, status);

create table participant_key (
    participant_id uuid not null references participant (id),
    rule           text not null,                      -- e.g. full-name-and-birth-date
    match_key      text not null,                      -- hex HMAC-SHA256 of the normalised parts
    primary key (participant_id, rule)
);
create index participant_key_lookup on participant_key (rule, match_key);
