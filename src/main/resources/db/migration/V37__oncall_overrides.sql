-- Issue 15: on-call overrides made in the browser or through the API, applied on top of the
-- overrides in a site's site.yaml. Each is a cover: the case manager holds the layer for the
-- window, whoever the rotation says. Written by the site stage only. A removed override keeps its
-- row (who removed it and when), so that the record of who changed the schedule, and why, stays.
create table oncall_override (
    id           uuid        primary key,
    -- the order they apply in: where two overlap, the later one wins, as in site.yaml
    seq          bigint      generated always as identity unique,
    site         text        not null,
    layer        text        not null,
    case_manager text        not null,
    from_at      timestamptz not null,
    to_at        timestamptz not null,
    reason       text        not null,
    created_by   text        not null,
    created_at   timestamptz not null default now(),
    removed_by   text,
    removed_at   timestamptz,
    check (from_at < to_at),
    check ((removed_by is null) = (removed_at is null))
);

-- Every lookup of who is on call reads a site's overrides still in force.
create index oncall_override_in_force on oncall_override (site, seq) where removed_at is null;
