-- The golden thread: a referral about an enrolled participant pages that participant's own case
-- manager first, with the on-call rotation as backup.
alter table handoff add column own_case_manager text;
