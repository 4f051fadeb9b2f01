/**
 * Retention: how long each kind of personal data is kept, per site ({@code retention:} in the
 * site's {@code site.yaml}, {@link org.doorway.retention.RetentionPeriods}); the scheduled purge
 * that de-identifies what statistics still need and deletes the rest
 * ({@link org.doorway.retention.Purge}); and one person's records, exported or erased on their
 * request or a court order ({@link org.doorway.retention.PersonRecords}).
 *
 * <p>This package writes only its own tables. The rows it changes elsewhere it changes through
 * their owners: {@code ReferralStore.deidentify}, {@code PageRetention}, {@code OutboxRetention},
 * {@code IntakeDeadLetters.forgetBefore} and {@code AuditRetention}.
 */
@OwnsTables({"retention_run", "retention_deidentified"})
package org.doorway.retention;

import org.doorway.system.OwnsTables;
