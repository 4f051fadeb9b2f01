package org.doorway.testing;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebDriver;

/**
 * axe-core, the accessibility engine, run in the page the browser shows: its script comes from the
 * {@code com.deque.html.axe-core:selenium} test dependency ({@code axe.min.js} on the class path) and
 * is injected through WebDriver, which the pages' Content-Security-Policy does not govern. Checks
 * WCAG 2.1 A and AA and axe's best practices.
 */
public final class Axe {

    private static final String SOURCE = load();

    private Axe() {}

    /**
     * A rule the page broke.
     *
     * @param rule    axe's rule id (e.g. {@code color-contrast})
     * @param impact  minor, moderate, serious or critical
     * @param help    what the rule asks for
     * @param targets CSS selectors of the first elements at fault
     */
    public record Violation(String rule, String impact, String help, List<String> targets) {

        /** Whether it is serious or critical: what the browser tests refuse. */
        public boolean serious() {
            return "serious".equals(impact) || "critical".equals(impact);
        }

        @Override
        public String toString() {
            return impact + " " + rule + " (" + help + ") at " + targets;
        }
    }

    /** Runs axe over the whole page now shown and returns every violation. */
    @SuppressWarnings("unchecked")
    public static List<Violation> check(WebDriver browser) {
        JavascriptExecutor js = (JavascriptExecutor) browser;
        browser.manage().timeouts().scriptTimeout(Duration.ofSeconds(60));
        js.executeScript(SOURCE + "\n;window.__axeLoaded = typeof axe !== 'undefined';");
        Object result = js.executeAsyncScript("""
                const done = arguments[arguments.length - 1];
                axe.run(document, {runOnly: {type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice']},
                                   resultTypes: ['violations']})
                   .then(r => done(r.violations.map(v => ({rule: v.id, impact: v.impact || '', help: v.help,
                        targets: v.nodes.slice(0, 5).map(n => n.target.join(' '))}))))
                   .catch(e => done([{rule: 'axe-error', impact: 'critical', help: String(e), targets: []}]));""");
        List<Violation> violations = new ArrayList<>();
        for (Object item : (List<Object>) result) {
            Map<String, Object> v = (Map<String, Object>) item;
            violations.add(new Violation(
                    (String) v.get("rule"),
                    (String) v.get("impact"),
                    (String) v.get("help"),
                    ((List<Object>) v.get("targets"))
                            .stream().map(String::valueOf).toList()));
        }
        return violations;
    }

    private static String load() {
        try (InputStream in = Axe.class.getClassLoader().getResourceAsStream("axe.min.js")) {
            if (in == null) {
                throw new IllegalStateException(
                        "axe.min.js is not on the class path: the axe-core test dependency is missing");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
