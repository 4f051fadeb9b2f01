/**
 * Encryption at rest (issue 14): envelope encryption of the personal data Doorway stores. A value
 * is sealed with AES-256-GCM under a data key of its site and month ({@code seal_key}); each data
 * key is stored only wrapped by a master key that never reaches the database ({@link
 * org.doorway.seal.MasterKeys}: from configuration, or a KMS behind the same interface). Every
 * sealed value names its data key, so keys rotate while old values stay readable, and {@link
 * org.doorway.seal.Resealer} re-seals old values in the background under the current master key.
 * Depends on no stage but {@code system}; the stages that own sealed columns re-seal them through
 * {@link org.doorway.seal.Resealable}.
 */
@OwnsTables({"seal_key"})
package org.doorway.seal;

import org.doorway.system.OwnsTables;
