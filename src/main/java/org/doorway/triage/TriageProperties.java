package org.doorway.triage;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Triage's settings ({@code doorway.triage.*}).
 *
 * @param policyPollInterval how often site folders on disk are looked at for changed policy files
 * @param matchKey           the secret key of the participant match keys (HMAC-SHA256). Set it in
 *                           production ({@code DOORWAY_TRIAGE_MATCH_KEY}) and never change it:
 *                           participants enrolled under one key cannot be matched under another
 */
@ConfigurationProperties("doorway.triage")
public record TriageProperties(
        @DefaultValue("PT5S") Duration policyPollInterval,

        @DefaultValue(TriageProperties.DEVELOPMENT_MATCH_KEY)
        String matchKey) {

    /** The match key used when none is configured; fine on a laptop, never in production. */
    public static final String DEVELOPMENT_MATCH_KEY = "doorway-development-match-key";
}
