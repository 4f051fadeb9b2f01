/**
 * The community door: the plain-language referral form per site ({@code /refer/{site}}, English and
 * Spanish), reached by QR code, with its rate limits; submissions go through the same referral route
 * as every other door.
 */
@OwnsTables({"portal_rate_window", "portal_secret"})
package org.doorway.portal;

import org.doorway.system.OwnsTables;
