package org.doorway.system;

import org.springframework.context.annotation.Condition;
import org.springframework.context.annotation.ConditionContext;
import org.springframework.core.type.AnnotatedTypeMetadata;
import org.springframework.util.StringUtils;

/**
 * Matches when no Twilio account is configured, so SMS goes to the local outbox. In production mode
 * that is allowed only with {@code doorway.outbox.enabled=true}; otherwise {@link DeploymentMode}
 * has refused to start before any condition is evaluated.
 */
public class OutboxMode implements Condition {

    @Override
    public boolean matches(ConditionContext context, AnnotatedTypeMetadata metadata) {
        return !StringUtils.hasText(context.getEnvironment().getProperty("doorway.twilio.account-sid"));
    }
}
