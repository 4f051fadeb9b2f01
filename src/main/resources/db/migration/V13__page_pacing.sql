-- Pacing: pages to one phone are spaced a little apart (carriers filter bursts); a page that had
-- to wait for that is marked when it was first held, so throttling is visible, never silent.
alter table page add column held_at timestamptz;
