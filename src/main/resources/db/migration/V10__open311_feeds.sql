-- Each polled 311 system's cursor (the newest updated_datetime taken in) and a lease, so that with
-- several Doorway instances one polls a given system at a time and a crash hands it on.
create table open311_feed (
    name           text primary key,
    cursor_at      timestamptz,
    lease_holder   text,
    lease_until    timestamptz,
    last_polled_at timestamptz,
    last_result    text
);
