package org.doorway.triage;

import java.time.Duration;
import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Triage's settings ({@code doorway.triage.*}).
 *
 * @param policyPollInterval how often site folders on disk are looked at for changed policy files
 * @param matchKey           the secret key of the participant match keys (HMAC-SHA256). Set it in
 *                           production ({@code DOORWAY_TRIAGE_MATCH_KEY}) and never change it:
 *                           participants enrolled under one key cannot be matched under another,
 *                           unless that key is kept in {@code previousMatchKeys}
 * @param previousMatchKeys  earlier match keys, during a rotation ({@code DOORWAY_TRIAGE_PREVIOUS_MATCH_KEYS},
 *                           comma-separated): a referral is matched under the current key and then these;
 *                           a participant found under an earlier key is re-keyed under the current one, and
 *                           enrolments always use the current one
 */
@ConfigurationProperties("doorway.triage")
public record TriageProperties(
        @DefaultValue("PT5S") Duration policyPollInterval,

        @DefaultValue(TriageProperties.DEVELOPMENT_MATCH_KEY)
        String matchKey,

        @DefaultValue List<String> previousMatchKeys) {

    /** The match key used when none is configured; fine on a laptop, never in production. */
    public static final String DEVELOPMENT_MATCH_KEY = "doorway-development-match-key";
}
