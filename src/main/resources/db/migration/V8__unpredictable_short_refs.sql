-- Start each database's short references at a random point of the sequence, so that two
-- deployments (or a test database and another) do not hand out the same references in the same
-- order, and a reference says nothing about how many referrals came before it.
select setval('referral_ref_seq', 1 + floor(random() * 700000000)::bigint, false);
