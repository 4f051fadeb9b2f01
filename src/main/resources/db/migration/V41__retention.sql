-- Retention (issue 14): how long personal data is kept, per site (site.yaml's retention block).
--
-- A purge pass de-identifies referrals past their site's period and deletes what only served the
-- day's work. Each pass is one row here, so an administrator can see that it ran and what it did.
create table retention_run (
    id            bigserial   primary key,
    started_at    timestamptz not null default doorway_now(),
    finished_at   timestamptz,
    deidentified  integer     not null default 0,   -- referrals whose personal content went
    pages         integer     not null default 0,   -- referrals whose page and notice texts went
    outbox        integer     not null default 0,   -- local outbox messages deleted
    dead_letters  integer     not null default 0,
    versions      integer     not null default 0,   -- earlier referral versions deleted
    audit         integer     not null default 0    -- access audit entries past their period
);

-- Every referral whose personal content is gone, why and when: by the purge (RETENTION) or on a
-- person's request or a court order (ERASURE, with the reason given and who recorded it). A
-- referral is listed once; the purge skips those listed.
create table retention_deidentified (
    referral_id uuid        primary key references referral (id),
    site        text        not null,
    at          timestamptz not null default doorway_now(),
    why         text        not null check (why in ('RETENTION', 'ERASURE')),
    reason      text,
    by_whom     text
);

-- The access audit stays append-only, with one sanctioned way out (the hook V36 announced): a
-- DELETE passes the trigger only inside access_audit_purge, which sets a transaction-local marker
-- naming the site and the cutoff, and refuses any cutoff less than six years back (HIPAA keeps
-- documentation six years, 45 CFR 164.316(b)(2)). The function runs as its owner (SECURITY
-- DEFINER): where the application connects as a role that does not own the table (and so holds no
-- DELETE right on it), this function is its only way to remove audit rows, and only old ones.
create or replace function access_audit_refuse_change() returns trigger language plpgsql as $$
begin
    if tg_op = 'DELETE'
       and coalesce(current_setting('doorway.audit_purge_before', true), '') <> ''
       and old.at < cast(current_setting('doorway.audit_purge_before', true) as timestamptz)
       and coalesce(old.site, '') = coalesce(current_setting('doorway.audit_purge_site', true), '') then
        return old;
    end if;
    raise exception 'access_audit is append-only: % refused', tg_op
        using errcode = 'insufficient_privilege';
end;
$$;

create function access_audit_purge(p_site text, p_before timestamptz) returns bigint
    language plpgsql security definer set search_path = public, pg_temp as $$
declare
    removed bigint;
begin
    if p_before is null or p_before > doorway_now() - interval '6 years' then
        raise exception 'access_audit keeps six years: a purge before % is refused', p_before
            using errcode = 'insufficient_privilege';
    end if;
    perform set_config('doorway.audit_purge_before', cast(p_before as text), true);
    perform set_config('doorway.audit_purge_site', coalesce(p_site, ''), true);
    delete from access_audit where coalesce(site, '') = coalesce(p_site, '') and at < p_before;
    get diagnostics removed = row_count;
    perform set_config('doorway.audit_purge_before', '', true);
    perform set_config('doorway.audit_purge_site', '', true);
    return removed;
end;
$$;

create index access_audit_by_at on access_audit (at);
