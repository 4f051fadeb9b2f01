-- A newer version of a source's record can be triaged otherwise (issue 11): a pending OWG review or
-- an open field follow-up the earlier decision asked for is then WITHDRAWN, with when and why, rather
-- than left waiting for a meeting or an outreach nobody needs any more.
alter table owg_review drop constraint owg_review_state_check;
alter table owg_review add constraint owg_review_state_check
    check (state in ('PENDING', 'APPROVED', 'DENIED', 'WITHDRAWN'));

alter table follow_up drop constraint follow_up_state_check;
alter table follow_up add constraint follow_up_state_check check (state in ('OPEN', 'DONE', 'WITHDRAWN'));
alter table follow_up add column withdrawn_at timestamptz;
alter table follow_up add column withdrawn_reason text;
