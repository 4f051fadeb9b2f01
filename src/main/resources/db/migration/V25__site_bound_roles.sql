-- Dispatchers, case managers and OWG members work one site: their pages, their source's referrals
-- and their OWG exist only within it. Until now such an account could be created without a site and
-- then matched work everywhere.
--
-- Accounts like that already stored are disabled here rather than guessed a site: an administrator
-- recreates each with its site (Doorway already gave them no access, see StaffMembers). A disabled
-- account may lack a site, so the constraint holds for every row and is validated at once; the API
-- refuses to re-enable such an account or to give a site-less account one of these roles.
update app_user
   set disabled_at = now()
 where role in ('DISPATCHER', 'CASE_MANAGER', 'OWG_MEMBER')
   and (site is null or btrim(site) = '')
   and disabled_at is null;

alter table app_user
    add constraint app_user_site_bound_roles_have_a_site
        check (role not in ('DISPATCHER', 'CASE_MANAGER', 'OWG_MEMBER')
               or (site is not null and btrim(site) <> '')
               or disabled_at is not null);
