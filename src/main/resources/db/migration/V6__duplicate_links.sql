-- Cross-door de-duplication: a referral that is the same incident or the same person as one
-- received shortly before (from another door or source) is stored and linked to it, and does not
-- page anyone a second time.
alter table referral add column duplicate_of uuid references referral (id);
create index referral_duplicate_of on referral (duplicate_of) where duplicate_of is not null;
