/**
 * The Kafka door's batches: the EIDO topic is consumed a poll at a time
 * ({@link org.doorway.intake.kafka.EidoKafkaBatch}, the route step {@code commitEidoBatch}), every
 * record of a poll screened, mapped and triaged, then committed in one transaction and acknowledged
 * by one offset commit per partition. A poll that cannot be taken together falls back to the door's
 * per-record path. The tables written here are the intake stage's own (see {@code org.doorway.intake}).
 */
package org.doorway.intake.kafka;
