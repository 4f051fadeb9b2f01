-- At most once, honestly: a page claimed for sending (SENDING) is not yet a request to the provider.
-- requested_at is set, after a last look at the page, just before the provider is called: a page
-- whose sender died before that is sent again; one whose request left is UNCERTAIN, never resent.
alter table page add column requested_at timestamptz;
-- Why a page was stood down (CANCELLED) rather than sent: stood-down, handoff-moved-on, expired.
alter table page add column dropped_reason text;
-- Sends in flight when this migration runs may have reached the provider: count them as requested.
update page set requested_at = coalesce(sent_at, created_at) where state = 'SENDING';
