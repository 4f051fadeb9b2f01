-- The clock every timer reads: the database's now(), plus an offset that only tests set, to move
-- time forward through an escalation without waiting for it (the offset is 0 in production and
-- nothing in Doorway changes it). Using the database's clock for every timer also means instances
-- on machines whose clocks differ still agree on when a timer is due.
create table doorway_clock (
    id        int    primary key check (id = 1),
    offset_ms bigint not null default 0
);
insert into doorway_clock (id, offset_ms) values (1, 0);

create function doorway_now() returns timestamptz language sql stable as $$
    select now() + make_interval(secs => (select offset_ms from doorway_clock where id = 1) / 1000.0)
$$;
