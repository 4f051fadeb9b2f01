package org.doorway.paging.twilio;

import com.twilio.exception.ApiException;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.UnknownHostException;
import javax.net.ssl.SSLHandshakeException;
import org.apache.hc.client5.http.ConnectTimeoutException;
import org.apache.hc.core5.http.ConnectionRequestTimeoutException;
import org.doorway.paging.SmsFailure;

/**
 * What a failed request to the provider means for the page it carried, given that each request is
 * made exactly once (see {@link TwilioConfiguration}). The rule is whether the provider can have
 * acted on it:
 * <ul>
 *   <li><b>temporary</b> (sent again later): nothing reached the provider (connection refused,
 *       connect timeout, unknown host, no route, TLS handshake failed, no free connection), or the
 *       provider said it did nothing: {@code 429} (too many requests) or {@code 503} (unavailable);
 *   <li><b>uncertain</b> (never sent again as a text; the person is called instead): the request
 *       left and the provider may have acted on it: {@code 500}, {@code 502}, {@code 504} or any
 *       other 5xx, a read timeout, a connection cut after the request left, an answer that could
 *       not be read, or anything not recognised;
 *   <li><b>permanent</b> (the handoff moves on): any other refusal ({@code 4xx}: an invalid
 *       number, an opted-out phone…).
 * </ul>
 */
final class ProviderErrors {

    private ProviderErrors() {}

    /** The failure of one request to the provider, classified. */
    static SmsFailure classify(RuntimeException failure) {
        Integer status = failure instanceof ApiException api ? status(api) : null;
        if (status != null) {
            ApiException api = (ApiException) failure;
            String code = api.getCode() == null ? "http-" + status : String.valueOf(api.getCode());
            if (status == 429 || status == 503) {
                return SmsFailure.temporary(code, failure);
            }
            if (status >= 500) {
                return SmsFailure.uncertain(code, failure);
            }
            return SmsFailure.permanent(code, failure);
        }
        if (neverSent(failure)) {
            return SmsFailure.temporary("unreachable", failure);
        }
        return SmsFailure.uncertain("no-answer", failure);
    }

    private static Integer status(ApiException api) {
        return api.getStatusCode() != null ? api.getStatusCode() : api.getHttpStatusCode();
    }

    /** Whether the failure happened before any byte of the request could reach the provider. */
    static boolean neverSent(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof ConnectException
                    || t instanceof ConnectTimeoutException
                    || t instanceof NoRouteToHostException
                    || t instanceof UnknownHostException
                    || t instanceof SSLHandshakeException
                    || t instanceof ConnectionRequestTimeoutException) {
                return true;
            }
            if (t.getCause() == t) {
                break;
            }
        }
        return false;
    }
}
