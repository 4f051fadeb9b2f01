-- Issue 14, question 1 ("who looked at this person's record?"): one row per read of personal
-- data and per change made through the staff API, pages and one-tap links. Written by the audit
-- stage only, and only ever inserted: see the trigger below.
create table access_audit (
    id             bigserial   primary key,
    at             timestamptz not null default doorway_now(),
    -- the site whose record it was (null: no one site, e.g. the local outbox or a global export)
    site           text,
    -- STAFF (a signed-in account), SOURCE (an API key), LINK (a page's one-tap link), ANONYMOUS
    actor_kind     text        not null check (actor_kind in ('STAFF', 'SOURCE', 'LINK', 'ANONYMOUS')),
    -- the account's user name, "site/source" of a key, "page <id>" of a link
    actor          text        not null,
    action         text        not null check (action in ('READ', 'EXPORT', 'CHANGE')),
    -- what kind of record: referral, participant, account, export, outbox, audit
    record_kind    text        not null,
    record_id      text,
    referral_id    uuid,
    -- the request (method and route, never its values) and which fields or for what
    request        text        not null,
    purpose        text        not null,
    -- the client's address; behind a trusted proxy (doorway.trusted-proxies) the forwarded one
    remote_address text
);

create index access_audit_by_site_referral on access_audit (site, referral_id, at);
create index access_audit_by_site_actor on access_audit (site, actor, at);

-- Append-only for everyone who connects through the application: a row once written is never
-- updated or deleted, and the table is never truncated. The trigger binds every role, the table's
-- owner included, so it holds even where the application's role owns the schema (the embedded
-- default, and a deployment that runs migrations and the application as one role).
--
-- Retention hook (issue 14, "Retention", not built yet): the only sanctioned way to remove rows
-- will be a purge of entries older than the site's retention period. It will come as a new
-- migration that replaces access_audit_refuse_change() so that it lets a DELETE through only
-- inside a SECURITY DEFINER purge function owned by a role the application cannot become.
create function access_audit_refuse_change() returns trigger language plpgsql as $$
begin
    raise exception 'access_audit is append-only: % refused', tg_op
        using errcode = 'insufficient_privilege';
end;
$$;

create trigger access_audit_append_only_rows
    before update or delete on access_audit
    for each row execute function access_audit_refuse_change();

create trigger access_audit_append_only_table
    before truncate on access_audit
    for each statement execute function access_audit_refuse_change();

-- Where the application connects as a role that does not own the table, it may not even try.
revoke update, delete, truncate on access_audit from public;
