package org.doorway.seal;

import java.time.Duration;
import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Encryption at rest's settings ({@code doorway.seal.*}).
 *
 * @param masterKey          the current master key, as {@code id:key} where {@code id} is a short
 *                           name of letters, digits, {@code -} or {@code _} and {@code key} is 32
 *                           random bytes in base64 ({@code openssl rand -base64 32}); new data keys
 *                           are wrapped by it ({@code DOORWAY_SEAL_MASTER_KEY}). Production refuses
 *                           the development key and any key that is not 32 bytes
 * @param previousMasterKeys earlier master keys, same form, kept while values sealed under them are
 *                           re-sealed ({@code DOORWAY_SEAL_PREVIOUS_MASTER_KEYS}, comma-separated)
 * @param resealInterval     how long the background pass rests between two passes over the sealed
 *                           columns
 * @param resealBatch        how many values one transaction of the background pass re-seals
 */
@ConfigurationProperties("doorway.seal")
public record SealProperties(
        @DefaultValue(SealProperties.DEVELOPMENT_MASTER_KEY) String masterKey,
        @DefaultValue List<String> previousMasterKeys,
        @DefaultValue("PT10M") Duration resealInterval,
        @DefaultValue("200") int resealBatch) {

    /**
     * The master key used when none is configured: published here, so fine on a laptop and refused
     * in production.
     */
    public static final String DEVELOPMENT_MASTER_KEY = "dev:ZG9vcndheS1kZXZlbG9wbWVudC1tYXN0ZXIta2V5ISE=";
}
