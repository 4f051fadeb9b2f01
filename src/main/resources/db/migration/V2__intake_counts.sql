-- What sources send that Doorway does not keep: records no site's policy routes (most of a CAD or
-- 311 feed) and records that could not be read. Counted by day and type for the dashboard; nothing
-- about the people in them is stored.
create table intake_count (
    day     date   not null,
    site    text   not null,
    source  text   not null,
    result  text   not null,          -- NOT_ROUTED or UNREADABLE
    code    text   not null,          -- the call type, service code or charge; '' when none
    count   bigint not null,
    primary key (day, site, source, result, code)
);
