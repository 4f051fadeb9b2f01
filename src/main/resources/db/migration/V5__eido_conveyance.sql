-- Doorway's subscriptions to CAD EIDO servers over NENA-STA-024 WebSockets, one row per configured
-- server (by its name). The subscription outlives a restart: the next holder resumes it if the
-- server still knows it, else subscribes anew.
--
-- The lease: with several Doorway instances, the one whose lease_until is in the future holds the
-- server's subscription; it renews the lease while it holds it and clears it when it stops or
-- loses the connection. Another instance takes the server over with
-- UPDATE ... WHERE lease_until < now(), so a crashed holder is replaced once its lease lapses.
-- Every comparison uses the database's clock, never an instance's.
create table eido_subscription (
    server                  text        primary key,  -- doorway.intake.eido-conveyance.servers[].name
    subscription_id         text,                     -- the server's id of the current subscription, if any
    subscribed_at           timestamptz,              -- when it was last granted or refreshed
    expires_at              timestamptz,              -- when the server lets it lapse unless refreshed; null: never
    resync                  boolean     not null default false,  -- a notification went unstored: subscribe anew,
                                                                 -- so the server sends every active incident again
    last_transaction_id     text,                     -- the last notification answered, and how
    last_transaction_status int,
    last_notified_at        timestamptz,
    holder                  text,                     -- the instance holding the lease, if any
    lease_until             timestamptz not null default '-infinity'
);
