-- The paging engine asks, for each phone with a page due, whether something is being sent to it or
-- was sent within the per-phone gap. Without these, each question read every page the phone ever
-- had; with them, one index probe.
create index page_sent_by_number on page (to_number, sent_at desc) where sent_at is not null;
create index page_sending_by_number on page (to_number) where state = 'SENDING';
