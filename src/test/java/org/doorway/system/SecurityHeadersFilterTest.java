package org.doorway.system;

import static org.assertj.core.api.Assertions.assertThat;

import jakarta.servlet.DispatcherType;
import jakarta.servlet.http.HttpServletResponse;
import org.junit.jupiter.api.Test;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;

/** The browser-facing security headers, on whatever answers a request. */
class SecurityHeadersFilterTest {

    private final SecurityHeadersFilter filter = new SecurityHeadersFilter();

    @Test
    void setsAStrictPolicyWithoutInlineScriptOrStyle() {
        assertThat(SecurityHeadersFilter.POLICY)
                .contains("default-src 'none'", "script-src 'self'", "style-src 'self'", "frame-ancestors 'none'")
                .contains("base-uri 'none'", "form-action 'self'")
                .doesNotContain("unsafe-inline", "unsafe-eval", "*");
    }

    @Test
    void putsTheHeadersOnAnAnswerEvenWhenWhatAnswersSendsAnError() throws Exception {
        MockHttpServletResponse response = new MockHttpServletResponse();

        filter.doFilter(
                new MockHttpServletRequest("GET", "/handoffs/x"),
                response,
                (req, res) -> ((HttpServletResponse) res).sendError(404));

        assertThat(response.getStatus()).isEqualTo(404);
        assertThat(response.getHeaders("Content-Security-Policy")).containsExactly(SecurityHeadersFilter.POLICY);
        assertThat(response.getHeaders("X-Content-Type-Options")).containsExactly("nosniff");
        assertThat(response.getHeaders("Referrer-Policy")).containsExactly("no-referrer");
    }

    @Test
    void putsTheHeadersOnAnErrorPageRenderedOnItsOwnDispatch() throws Exception {
        MockHttpServletRequest error = new MockHttpServletRequest("GET", "/error");
        error.setDispatcherType(DispatcherType.ERROR);
        MockHttpServletResponse response = new MockHttpServletResponse();

        filter.doFilter(error, response, (req, res) -> {});

        assertThat(response.getHeader("Content-Security-Policy")).isEqualTo(SecurityHeadersFilter.POLICY);
    }
}
