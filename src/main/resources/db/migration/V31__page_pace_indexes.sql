-- Pace: a phone gets at most so many texts in a window and calls spaced apart; the sender number
-- at most so many requests in a window. Both count requests that left (requested_at), per phone and
-- in all: one index probe each, however many pages a phone ever had.
create index page_requested_by_number on page (to_number, requested_at desc) where requested_at is not null;
create index page_requested on page (requested_at desc) where requested_at is not null;
