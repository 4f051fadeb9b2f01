-- The one-tap links in pages. A link's token is random (not derived from the page's id) and only
-- its SHA-256 hash is kept, so reading this table (or a backup of it) gives no working link. Each
-- row binds one token to one page, minted when the page was claimed for sending; it works until
-- expires_at unless revoked_at is set (its handoff ended: handed off, cancelled, person left).
-- The paging engine's sweep deletes rows once they have expired.
create table page_link (
    token_hash  bytea       primary key check (octet_length(token_hash) = 32),
    page_id     bigint      not null,
    referral_id uuid        not null,
    created_at  timestamptz not null,
    expires_at  timestamptz not null,
    revoked_at  timestamptz
);
create index page_link_live_by_referral on page_link (referral_id) where revoked_at is null;
create index page_link_by_expiry on page_link (expires_at);
