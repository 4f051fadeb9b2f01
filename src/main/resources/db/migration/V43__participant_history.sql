-- Participants screens (issue 15): why a participant is inactive, and the history of each
-- participant's enrolment, case manager and status, with who changed what and when. Append-only: an
-- assignment or a change of status adds a row; nothing is updated or deleted here. Still no name or
-- birth date: a participant enrolled from a referral names that referral, whose body holds them.
alter table participant add column status_reason text;

create table participant_event (
    id             bigserial   primary key,
    participant_id uuid        not null references participant (id),
    at             timestamptz not null default doorway_now(),
    by_user        text        not null,              -- the signed-in user who did it
    kind           text        not null check (kind in ('ENROLLED', 'ASSIGNED', 'STATUS')),
    case_manager   text,                              -- the case manager from then on
    status         text        check (status in ('ACTIVE', 'INACTIVE')),
    reason         text,                              -- in staff's words; required to make someone inactive
    referral_id    uuid        references referral (id) -- the referral enrolled from, if any
);
create index participant_event_participant on participant_event (participant_id, id);
create index participant_site_case_manager on participant (site, case_manager, status);
