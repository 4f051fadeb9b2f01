-- Encryption at rest (issue 14). Personal data is sealed in the application (AES-256-GCM, envelope
-- encryption); the database holds the data keys only wrapped by a master key it never sees.
-- Nothing is encrypted here, since SQL has no key: values stored before stay readable as they are
-- and the application's background pass (seal.Resealer) seals them.

-- The data keys: one per site, month and master key, wrapped by that master key.
create table seal_key (
    id         bigserial   primary key,
    site       text        not null,
    month      date        not null,
    master_id  text        not null,
    wrapped    bytea       not null,
    created_at timestamptz not null default now(),
    constraint seal_key_once unique (site, month, master_id)
);

-- The whole canonical referral, sealed; body keeps a projection without personal data (what the
-- dashboard's queries read). Null for referrals stored before (body still whole, until the pass)
-- and for referrals retention de-identified (body is then all that is left).
alter table referral add column sealed text;
alter table referral add column deidentified_at timestamptz;
alter table referral_version add column sealed text;

-- A kept dead letter's body is sealed, so its stored size is no longer the size received.
alter table intake_dead_letter add column bytes integer;
