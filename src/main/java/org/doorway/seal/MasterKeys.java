package org.doorway.seal;

import java.util.Set;

/**
 * The keys that wrap data keys: a key management service's view as Doorway needs it. Master keys
 * never leave the implementation; Doorway stores only what {@link #wrap} returns. The configured
 * implementation ({@link ConfiguredMasterKeys}) holds them in memory from settings; an AWS KMS,
 * Google Cloud KMS or Vault transit implementation would call the service in {@link #wrap} and
 * {@link #unwrap} and answer {@link #currentId()} from its own key version.
 */
public interface MasterKeys {

    /**
     * Master keys as configured ({@link SealProperties}): {@code current} and {@code previous}, each
     * {@code id:key}.
     *
     * @throws IllegalArgumentException when one is not of that form, naming no part of a key
     */
    static MasterKeys configured(String current, java.util.List<String> previous) {
        return new ConfiguredMasterKeys(current, previous);
    }

    /** The id of the master key new data keys are wrapped by. */
    String currentId();

    /** The ids of every master key that can still unwrap, the current one included. */
    Set<String> ids();

    /**
     * A data key wrapped by the current master key.
     *
     * @param context bound to the wrapped key (e.g. site and month): it unwraps only with the same
     */
    byte[] wrap(byte[] dataKey, String context);

    /**
     * The data key inside {@code wrapped}.
     *
     * @throws IllegalStateException when {@code masterId} is not known, or the wrapped key or its
     *     context was altered
     */
    byte[] unwrap(String masterId, byte[] wrapped, String context);
}
