-- After the ack. A case manager en route is expected by their ETA plus the site's grace
-- (arrival_due_at); past it they are asked once (arrival_asked), and after a short wait more the
-- backup is paged. Timers, like every other, are rows read against doorway_now().
alter table handoff add column arrival_due_at timestamptz;
alter table handoff add column arrival_asked boolean not null default false;
-- The site's supervisor is alerted once, at near_target_at (a chosen minute after the request),
-- unless someone is on scene or the handoff ended: near_target_alerted_at records that it was.
alter table handoff add column near_target_at timestamptz;
alter table handoff add column near_target_alerted_at timestamptz;
-- Only handoffs en route are watched: the index leaves the others (whose timer is moot) out.
create index handoff_arrival_due on handoff (arrival_due_at) where arrival_due_at is not null and state = 'EN_ROUTE';
create index handoff_near_target_due on handoff (near_target_at)
    where near_target_at is not null and near_target_alerted_at is null;
