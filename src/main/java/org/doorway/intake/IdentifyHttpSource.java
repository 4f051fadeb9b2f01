package org.doorway.intake;

import jakarta.servlet.http.HttpServletRequest;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;
import org.doorway.staff.SourcePrincipal;
import org.springframework.stereotype.Component;

/**
 * The route step {@code identifyHttpSource}: records which source sent an HTTP request (already
 * authenticated by its API key) and keeps the body's original bytes.
 */
@Component("identifyHttpSource")
class IdentifyHttpSource implements Processor {

    @Override
    public void process(Exchange exchange) {
        HttpServletRequest request =
                exchange.getMessage().getHeader("CamelHttpServletRequest", HttpServletRequest.class);
        Object principal = request == null ? null : request.getAttribute(SourcePrincipal.REQUEST_ATTRIBUTE);
        if (!(principal instanceof SourcePrincipal source)) {
            // Security lets no unauthenticated request reach an intake route; refuse rather than guess.
            throw new IllegalStateException("intake request without an authenticated source");
        }
        exchange.setProperty(IntakeSource.PROPERTY, new IntakeSource(source.site(), "http:" + source.source()));
        byte[] body = exchange.getMessage().getBody(byte[].class);
        exchange.setProperty(IntakeSource.ORIGINAL, body);
        exchange.getMessage().setBody(body);
    }
}
