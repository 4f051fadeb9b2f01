/**
 * Development only: the local outbox that stands in for Twilio when no account is configured
 * ({@code /dev/outbox}), sending Twilio-signed webhooks back exactly as Twilio would.
 */
@OwnsTables("outbox_message")
package org.doorway.dev;

import org.doorway.system.OwnsTables;
