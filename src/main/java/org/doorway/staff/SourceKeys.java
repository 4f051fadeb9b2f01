package org.doorway.staff;

import java.util.Optional;

/**
 * Which source system an {@code X-Api-Key} belongs to. The sites hold the keys (as hashes, in
 * {@code site.yaml}), so the {@code site} stage implements this; sign-in only asks.
 */
public interface SourceKeys {

    /** The source this key belongs to; empty for a blank or unknown key. */
    Optional<SourcePrincipal> find(String key);
}
