-- Staff accounts by role. A dispatcher sees the intake status of one source's referrals; a case
-- manager their own pages and participants; a supervisor and an administrator everything of their
-- site (or every site when site is null); a PCG viewer aggregates only.
alter table app_user
    add column display_name    text,
    add column site            text,
    add column case_manager_id text,
    add column source          text,
    add column disabled_at     timestamptz,
    add column created_by      text;
