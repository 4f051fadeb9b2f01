-- The SFTP door's claims (issue 11 item 7): Camel's SFTP consumer has no shared read lock (its
-- idempotent read locks are the local file component's only), so each instance claims a file as
-- it lists it: one row per remote path, held by one instance until the file has moved (and ten
-- seconds more). A claim not renewed for five minutes was left by an instance that died and is
-- taken over.
create table sftp_file_claim (
    path       text        primary key,
    holder     text        not null,
    claimed_at timestamptz not null default now()
);
