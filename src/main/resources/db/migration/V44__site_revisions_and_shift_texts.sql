-- Issue 15: a site's people, schedules and escalation steps edited in the browser, and site.yaml
-- read again when it changes on disk. Each accepted version of a site is a revision: the whole
-- site.yaml it amounts to, where it came from (the file on disk, or an edit in the browser), who
-- made it and when. The newest revision of a site is in force. Written by the site stage only.
create table site_revision (
    seq         bigint      generated always as identity primary key,
    site        text        not null,
    source      text        not null check (source in ('FILE', 'BROWSER')),
    yaml        text        not null,
    -- for a FILE revision: the SHA-256 of the file's bytes, so an unchanged file is not stored again
    file_sha256 text,
    made_by     text        not null,
    made_at     timestamptz not null default now(),
    -- what changed, in field names (never values)
    summary     text        not null,
    check ((source = 'FILE') = (file_sha256 is not null))
);

create index site_revision_newest on site_revision (site, seq desc);

-- The texts to case managers who asked for them: their shift starts, or their coming shifts
-- changed. One row per person, shift start and kind, so restarts and several instances send each
-- at most once; an outbox, claimed (SENDING) and committed before the provider is asked.
create table shift_text (
    id           bigint      generated always as identity primary key,
    site         text        not null,
    case_manager text        not null,
    kind         text        not null check (kind in ('STARTS', 'CHANGED')),
    shift_start  timestamptz not null,
    layer        text        not null,
    to_number    text        not null,
    body         text        not null,
    state        text        not null default 'PENDING' check (state in ('PENDING', 'SENDING', 'SENT', 'FAILED')),
    created_at   timestamptz not null default now(),
    sent_at      timestamptz,
    error        text,
    unique (site, case_manager, kind, shift_start)
);

create index shift_text_pending on shift_text (id) where state = 'PENDING';
