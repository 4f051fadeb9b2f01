-- Provider outages (issue 12): pages wait while a provider channel is down, and the outage is
-- recorded so that the dashboard shows it and the supervisors are told once, whichever instance saw it.

-- When a page first had to wait for its provider (refused as unavailable, or its channel's breaker
-- open). A page that waited for the provider is not dropped as expired: nothing else reached anyone.
alter table page add column provider_wait_since timestamptz;

create table provider_outage (
    id bigserial primary key,
    channel text not null check (channel in ('SMS', 'VOICE')),
    opened_at timestamptz not null,
    closed_at timestamptz,
    -- How the supervisors were told ('VOICE', 'SMS' or 'none': the dashboard and the alert only).
    told_by text
);

-- At most one open outage per channel, whichever instance noticed it first.
create unique index provider_outage_open on provider_outage (channel) where closed_at is null;
