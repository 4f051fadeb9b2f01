/**
 * Who may call what and see what: staff accounts and roles ({@link org.doorway.staff.StaffRole}),
 * sign-in (form and OpenID Connect), source systems by API key ({@link org.doorway.staff.SourceKeys},
 * answered by the sites), the HTTP security rules, and the minimum-necessary views of a referral
 * ({@link org.doorway.staff.ReferralAccess}, {@link org.doorway.staff.StaffSites}). Sessions are
 * rows of {@code staff_session} (Spring Session JDBC), so replicas share them; failed sign-ins are
 * counted in {@code sign_in_throttle}.
 */
@OwnsTables({"app_user", "staff_session", "staff_session_attributes", "sign_in_throttle"})
package org.doorway.staff;

import org.doorway.system.OwnsTables;
