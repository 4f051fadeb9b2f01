-- Releases of information (ROI, issue 14): a participant's written consent to disclose, naming the
-- parties who may receive, what may be shared (42 CFR Part 2 substance-use information, and general
-- program status), when it was signed, when it expires and whether it was revoked. A revocation is
-- recorded on the row (when and by whom), never by deleting it: what was allowed on a given day
-- stays answerable.
create table consent (
    id             uuid        primary key,
    participant_id uuid        not null references participant (id),
    site           text        not null,
    parties        text[]      not null check (cardinality(parties) > 0),
    substance_use  boolean     not null,
    program_status boolean     not null,
    signed_on      date        not null,
    expires_on     date        not null check (expires_on >= signed_on),
    recorded_at    timestamptz not null default doorway_now(),
    recorded_by    text        not null,
    revoked_on     date,
    revoked_at     timestamptz,
    revoked_by     text
);
create index consent_participant on consent (participant_id);
create index consent_site_expiry on consent (site, expires_on) where revoked_at is null;
