package org.doorway.portal;

import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * One site's community referral portal ({@code /refer/<site>}), as its {@code portal.yaml} describes
 * it. A site without that file has no portal.
 *
 * @param site            the site the portal's referrals belong to
 * @param accepting       whether the form takes referrals now; a site that cannot answer more
 *                        (DOMAIN.md: "must not invite more referrals than they can answer") sets
 *                        {@code false} and the page shows where else to get help
 * @param phoneRegion     the ISO 3166 region numbers typed without a country code belong to
 * @param partners        the partners that carry a QR code of their own, by code, in file order
 * @param questions       which optional questions the form asks
 * @param emergencyNumber the number to call when someone is in danger (911)
 * @param crisisNumber    the number to call or text in a mental-health crisis (988)
 * @param resources       other services the pages list, e.g. 211
 * @param rateLimits      how many submissions are taken from one address and through one code
 */
record PortalSettings(
        String site,
        boolean accepting,
        String phoneRegion,
        Map<String, Partner> partners,
        Questions questions,
        String emergencyNumber,
        String crisisNumber,
        List<Resource> resources,
        RateLimits rateLimits) {

    PortalSettings {
        partners = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(partners));
        resources = List.copyOf(resources);
    }

    /** The partner with this code, if the portal has one (codes are matched case-insensitively). */
    Optional<Partner> partner(String code) {
        if (code == null || code.isBlank()) {
            return Optional.empty();
        }
        return Optional.ofNullable(partners.get(code.trim().toUpperCase(Locale.ROOT)));
    }

    /**
     * An organisation whose own QR code attributes the referrals made through it.
     *
     * @param code short upper-case code carried in the QR code's address ({@code ?partner=CODE})
     * @param name the partner's public name, shown on the form
     */
    record Partner(String code, String name) {}

    /**
     * The optional questions; the danger question, the place, the referrer's account and the two
     * eligibility questions are always asked.
     *
     * @param personName        the referred person's first name or nickname
     * @param personDescription what the person looks like
     * @param referrerRole      whether the referrer is a resident, a business or a partner
     * @param referrerContact   the referrer's name and phone number, for a call back
     */
    record Questions(boolean personName, boolean personDescription, boolean referrerRole, boolean referrerContact) {}

    /**
     * A service the pages point to.
     *
     * @param phone  the number to dial, e.g. {@code 211}
     * @param text   whether it also takes text messages
     * @param labels what it is for, by language code ({@code en} is required)
     */
    record Resource(String phone, boolean text, Map<String, String> labels) {

        /** The label in {@code locale}'s language, or in English. */
        String label(Locale locale) {
            return labels.getOrDefault(locale.getLanguage(), labels.get("en"));
        }
    }

    /**
     * @param perAddress every submission from one client address (hashed), per site
     * @param perPartner the submissions through one partner's code
     * @param publicForm the submissions through the site's public code (no partner)
     */
    record RateLimits(Limit perAddress, Limit perPartner, Limit publicForm) {}

    /**
     * At most {@code max} submissions in each fixed window of {@code window}.
     *
     * @param max    submissions allowed per window
     * @param window the window's length (windows start at multiples of it since the epoch)
     */
    record Limit(int max, Duration window) {}
}
