package org.doorway.portal;

import jakarta.servlet.RequestDispatcher;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import org.springframework.stereotype.Component;
import org.springframework.web.servlet.LocaleResolver;

/**
 * The language of Doorway's pages: {@code ?lang=es} in the address when given (the portal's
 * language link sets it), otherwise the browser's {@code Accept-Language}, among the languages the
 * messages exist in (English, Spanish); English otherwise.
 *
 * <p>Reads {@code lang} from the query string only, never from a request body: asking the servlet
 * for a parameter would consume a form body that a route (a Twilio webhook) still has to read.
 */
@Component("localeResolver")
class PortalLocaleResolver implements LocaleResolver {

    static final List<Locale> SUPPORTED = List.of(Locale.ENGLISH, Locale.forLanguageTag("es"));

    /** The attribute holding the original request's query string during an error dispatch. */
    private static final String ERROR_QUERY_STRING = "jakarta.servlet.error.query_string";

    @Override
    public Locale resolveLocale(HttpServletRequest request) {
        Locale asked = supported(langParameter(request));
        if (asked != null) {
            return asked;
        }
        for (Locale accepted : Collections.list(request.getLocales())) {
            Locale match = supported(accepted.getLanguage());
            if (match != null) {
                return match;
            }
        }
        return Locale.ENGLISH;
    }

    @Override
    public void setLocale(HttpServletRequest request, HttpServletResponse response, Locale locale) {
        throw new UnsupportedOperationException("the language is chosen by ?lang= or Accept-Language");
    }

    /** The supported locale of this language code, or {@code null}. */
    static Locale supported(String language) {
        if (language == null) {
            return null;
        }
        for (Locale locale : SUPPORTED) {
            if (locale.getLanguage().equalsIgnoreCase(language.trim())) {
                return locale;
            }
        }
        return null;
    }

    private static String langParameter(HttpServletRequest request) {
        Object original = request.getAttribute(RequestDispatcher.ERROR_REQUEST_URI) != null
                ? request.getAttribute(ERROR_QUERY_STRING)
                : null;
        String query = original instanceof String s ? s : request.getQueryString();
        if (query == null) {
            return null;
        }
        for (String pair : query.split("&")) {
            if (pair.startsWith("lang=")) {
                try {
                    return URLDecoder.decode(pair.substring(5), StandardCharsets.UTF_8);
                } catch (IllegalArgumentException e) {
                    return null;
                }
            }
        }
        return null;
    }
}
