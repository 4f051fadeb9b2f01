-- Signed-in sessions live in the database, so every replica behind the proxy knows every sign-in
-- and its CSRF token. Spring Session JDBC reads and writes these two tables under the name
-- spring.session.jdbc.table-name = staff_session (its attributes table is that name + _attributes).
-- Times are milliseconds since the epoch, as Spring Session writes them.
create table staff_session (
    primary_id            char(36)     not null primary key,
    session_id            char(36)     not null,
    creation_time         bigint       not null,
    last_access_time      bigint       not null,
    max_inactive_interval integer      not null,
    expiry_time           bigint       not null,
    principal_name        varchar(100)
);

create unique index staff_session_by_id on staff_session (session_id);
-- the cleanup job deletes expired sessions by this
create index staff_session_by_expiry on staff_session (expiry_time);
create index staff_session_by_principal on staff_session (principal_name);

create table staff_session_attributes (
    session_primary_id char(36)     not null references staff_session (primary_id) on delete cascade,
    attribute_name     varchar(200) not null,
    attribute_bytes    bytea        not null,
    primary key (session_primary_id, attribute_name)
);

-- Failed sign-ins, counted per account and per client address. The key is a SHA-256 of
-- "account:<username>" or "address:<ip>", so no typed username (which is sometimes a password
-- typed in the wrong box) and no address is stored as such.
create table sign_in_throttle (
    key             text        primary key,
    failures        integer     not null,
    last_failure_at timestamptz not null,
    locked_until    timestamptz
);

create index sign_in_throttle_by_last_failure on sign_in_throttle (last_failure_at);
