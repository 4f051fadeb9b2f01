package org.doorway.retention;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The purge's own settings ({@code doorway.retention.*}); how long each site keeps what is in its
 * {@code site.yaml} ({@link RetentionPeriods}).
 *
 * @param enabled whether this instance runs the scheduled purge (several may: one at a time does
 *                the work)
 * @param every   how often the purge runs; the first run is this long after start
 * @param batch   the most referrals one pass de-identifies (and the most whose page texts it
 *                forgets) per site; a pass that reached it is followed by another at once
 */
@ConfigurationProperties("doorway.retention")
record RetentionProperties(
        @DefaultValue("true") boolean enabled,
        @DefaultValue("PT1H") Duration every,
        @DefaultValue("500") int batch) {}
