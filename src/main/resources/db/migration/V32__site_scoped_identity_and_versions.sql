-- Issue 11. A referral's identity is its site, its kind of source and the source's own id: two
-- sites whose 311 systems (or CAD exports) number their records alike no longer collide, and one
-- site's key can neither claim nor read another site's ids. Every row already stored is kept: the
-- new key is (site, source, source_id), which the old unique (source, source_id) already implied.
alter table referral drop constraint referral_source_unique;
alter table referral add constraint referral_source_unique unique (site, source, source_id);

-- An incident changes after it is first sent: a CAD recodes or closes it, a 311 system updates a
-- request. The referral row holds the version in force; every version the source sent is kept
-- here, newest last, with what Doorway made of it. (Decisions a version replaced are in
-- triage_decision_history, replaced_by naming the version.)
alter table referral
    add column version           int         not null default 1,  -- the version in force
    add column source_updated_at timestamptz,                      -- its source's own update time
    add column source_closed_at  timestamptz;                      -- when the source closed it

create table referral_version (
    referral_id       uuid        not null references referral (id),
    version           int         not null,
    received_at       timestamptz not null,
    source_updated_at timestamptz,
    closed            boolean     not null default false,
    channel           text        not null,
    change            text        not null,   -- NEW, UPDATED or CLOSED
    body              jsonb       not null,   -- the canonical referral of that version
    primary key (referral_id, version)
);

-- Every referral already stored is its own first version.
insert into referral_version (referral_id, version, received_at, source_updated_at, closed, channel, change, body)
select id, 1, received_at, null, false, channel, 'NEW', body from referral;
