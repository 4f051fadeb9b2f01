-- What the dashboard adds: intake deadlines of arrest diversions (30 days after the diversion unless
-- the Operations Work Group extends them, with a reason), the intakes done, and supervisors' and
-- administrators' corrections of a handoff's clock. Deadlines themselves are not stored: each is
-- computed from the diversion, and the latest extension (if any) replaces it.

-- An OWG extension of a referral's intake deadline. Append-only: every extension stays, with who
-- granted it, when and why; the newest is in force.
create table intake_extension (
    id           bigserial   primary key,
    referral_id  uuid        not null references referral (id),
    previous_due timestamptz not null,
    due_at       timestamptz not null,
    reason       text        not null,     -- the OWG's reason, in staff's words
    extended_by  text        not null,     -- the signed-in user who recorded it
    extended_at  timestamptz not null,
    constraint intake_extension_later check (due_at > previous_due)
);
create index intake_extension_referral on intake_extension (referral_id, id);

-- The intake of a referred person (psychosocial interview and signed release of information): the
-- deadline is met and the person counts as enrolled. One per referral; who recorded it and when.
create table intake_done (
    referral_id    uuid        primary key references referral (id),
    participant_id uuid        references participant (id),
    done_at        timestamptz not null,
    recorded_by    text        not null,
    recorded_at    timestamptz not null
);

-- A correction of one moment of a handoff's clock. The handoff row holds the corrected value; this
-- keeps the value it replaced, and the CORRECTED event in handoff_event (via ADMIN) carries who and
-- why, so the clock's history can always be read back.
create table handoff_correction (
    id           bigserial   primary key,
    referral_id  uuid        not null references handoff (referral_id),
    event_id     bigint      not null references handoff_event (id),
    moment       text        not null,     -- REQUESTED, PAGED, DELIVERED, ACKNOWLEDGED, EN_ROUTE, ON_SCENE, HANDED_OFF
    old_value    timestamptz,              -- null when the moment had not been recorded
    new_value    timestamptz not null,
    reason       text        not null,
    corrected_by text        not null,
    corrected_at timestamptz not null
);
create index handoff_correction_referral on handoff_correction (referral_id, id);
