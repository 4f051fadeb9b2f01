/**
 * Stage 1, the doors: every way a referral reaches Doorway, up to the moment the source is answered.
 * One sub-package per format ({@code eido} with its STA-024 subscription in {@code eido.conveyance},
 * {@code open311}, {@code nibrs}, {@code csv}) maps a body to {@link org.doorway.intake.IntakeRecord}s;
 * the steps every door shares live here: identify the source, triage
 * ({@link org.doorway.intake.TriageReferrals}), commit referral, decision and handoff in one
 * transaction ({@link org.doorway.intake.CommitReferrals}), then acknowledge
 * ({@link org.doorway.intake.AcceptedResponse}, the Kafka offset, the file's move to {@code done/}),
 * and answer a source's status request ({@link org.doorway.intake.ReferralStatusApi}). These steps sit
 * here, above referral, triage and handoff, because they write all three in one transaction.
 * {@code replay} is the {@code policy replay} command over historical exports.
 * {@link org.doorway.intake.FeedHeartbeats} notes when each feed last delivered and last failed.
 * {@link org.doorway.intake.IntakeDeadLetters} keeps what an HTTP door read but could not take, for
 * administrators ({@code /dashboard/dead-letters}); {@code intake_file_claim} (the watched folder)
 * and {@code sftp_file_claim} (SFTP) are the export files' shared claims, so one instance takes
 * each file.
 */
@OwnsTables({
    "intake_count",
    "eido_subscription",
    "open311_feed",
    "feed_heartbeat",
    "intake_dead_letter",
    "intake_file_claim",
    "sftp_file_claim"
})
package org.doorway.intake;

import org.doorway.system.OwnsTables;
