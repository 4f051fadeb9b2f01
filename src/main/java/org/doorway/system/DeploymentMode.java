package org.doorway.system;

import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;
import org.springframework.beans.factory.support.BeanDefinitionRegistry;
import org.springframework.beans.factory.support.BeanDefinitionRegistryPostProcessor;
import org.springframework.context.ApplicationContextInitializer;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.Environment;
import org.springframework.core.env.MapPropertySource;
import org.springframework.core.env.PropertyResolver;
import org.springframework.util.StringUtils;

/**
 * Development or production ({@code doorway.mode}, {@code DOORWAY_MODE}), decided once before any
 * bean is created.
 *
 * <p>Unset means development, unless an external database ({@code spring.datasource.url}) or a
 * Twilio account ({@code doorway.twilio.account-sid}) is configured: then production is implied. An
 * explicit {@code development} wins (for tests and labs) and is logged as a warning when production
 * would have been implied.
 *
 * <p>In production the demo site is off unless {@code doorway.demo.enabled=true}, no proxy is
 * trusted unless {@code doorway.trusted-proxies} names it, and Doorway refuses to start, naming
 * every offending setting at once, when {@link ProductionSettings} finds a secret missing, a
 * published default or too weak, no external database, or no Twilio account without an explicit
 * {@code doorway.outbox.enabled=true}. The check runs as the first bean-factory step of the
 * refresh, when every property source (command line, environment, files, and in tests the
 * dynamic properties) is in place and before the database, the web server or any route starts.
 *
 * <p>{@code doorway.trusted-proxies} (any mode): the addresses or CIDR ranges of the reverse
 * proxies whose {@code X-Forwarded-For} and {@code X-Forwarded-Proto} are believed; it becomes
 * Tomcat's {@code server.tomcat.remoteip.internal-proxies} with forwarded headers on.
 */
public final class DeploymentMode implements ApplicationContextInitializer<ConfigurableApplicationContext> {

    /** The setting. */
    public static final String PROPERTY = "doorway.mode";

    /** The value that means production. */
    public static final String PRODUCTION = "production";

    /** The value that means development. */
    public static final String DEVELOPMENT = "development";

    private static final Logger log = LoggerFactory.getLogger(DeploymentMode.class);

    /** Whether Doorway runs in production mode (after this initializer has decided). */
    public static boolean production(Environment environment) {
        return PRODUCTION.equals(environment.getProperty(PROPERTY));
    }

    /**
     * The mode the settings ask for: the explicit {@code doorway.mode}, or production when an
     * external database or a Twilio account is configured, or development.
     *
     * @throws IllegalStateException when {@code doorway.mode} is neither value
     */
    static String resolve(PropertyResolver settings) {
        String explicit = settings.getProperty(PROPERTY, "").trim().toLowerCase(Locale.ROOT);
        if (explicit.isEmpty()) {
            return implied(settings) ? PRODUCTION : DEVELOPMENT;
        }
        if (!explicit.equals(PRODUCTION) && !explicit.equals(DEVELOPMENT)) {
            throw new IllegalStateException("Doorway refuses to start: DOORWAY_MODE (doorway.mode) must be "
                    + DEVELOPMENT + " or " + PRODUCTION);
        }
        return explicit;
    }

    /** Whether the settings describe a real deployment (an external database or a Twilio account). */
    static boolean implied(PropertyResolver settings) {
        return StringUtils.hasText(settings.getProperty("spring.datasource.url"))
                || StringUtils.hasText(settings.getProperty("doorway.twilio.account-sid"));
    }

    @Override
    public void initialize(ConfigurableApplicationContext context) {
        context.addBeanFactoryPostProcessor(new Check(context.getEnvironment()));
    }

    /** Applies the mode to the environment, and refuses an unsafe production start. */
    static void apply(ConfigurableEnvironment environment) {
        String mode = resolve(environment);
        if (DEVELOPMENT.equals(mode) && implied(environment)) {
            log.warn("DOORWAY_MODE=development although an external database or a Twilio account is configured:"
                    + " development defaults and published development secrets are accepted. Never run a real"
                    + " deployment like this.");
        }
        Map<String, Object> decided = new HashMap<>();
        decided.put(PROPERTY, mode);
        // A comma-separated value or a YAML list alike.
        List<String> proxies = org.springframework.boot.context.properties.bind.Binder.get(environment)
                .bind(
                        "doorway.trusted-proxies",
                        org.springframework.boot.context.properties.bind.Bindable.listOf(String.class))
                .orElse(List.of())
                .stream()
                .flatMap(p -> split(p).stream())
                .toList();
        if (!proxies.isEmpty()) {
            decided.put("server.forward-headers-strategy", "native");
            decided.put("server.tomcat.remoteip.internal-proxies", String.join(", ", proxies));
        }
        environment.getPropertySources().addFirst(new MapPropertySource("doorwayMode", decided));
        if (PRODUCTION.equals(mode)) {
            // Lowest precedence: anything set explicitly wins.
            Map<String, Object> defaults = new HashMap<>();
            defaults.put("doorway.demo.enabled", "false");
            // Boot's own default trusts every private address: nobody, unless named.
            defaults.put("server.tomcat.remoteip.internal-proxies", "");
            environment.getPropertySources().addLast(new MapPropertySource("doorwayProductionDefaults", defaults));
            List<String> problems = ProductionSettings.problems(environment);
            if (!problems.isEmpty()) {
                throw new IllegalStateException("Doorway refuses to start in production mode (DOORWAY_MODE, explicit"
                        + " or implied by an external database or a Twilio account). Fix these settings:\n  - "
                        + String.join("\n  - ", problems)
                        + "\nGenerate a secret with: openssl rand -base64 32 (README, \"Deploying\").");
            }
        }
    }

    private static List<String> split(String list) {
        return java.util.Arrays.stream(list.split("[,\\s]+"))
                .filter(s -> !s.isEmpty())
                .toList();
    }

    /**
     * Runs first in the refresh (passed-in registry post-processors precede the configuration
     * classes' own), so conditions and beans see the decided mode and nothing has started yet.
     */
    private record Check(ConfigurableEnvironment environment) implements BeanDefinitionRegistryPostProcessor {

        @Override
        public void postProcessBeanDefinitionRegistry(BeanDefinitionRegistry registry) {
            apply(environment);
        }

        @Override
        public void postProcessBeanFactory(ConfigurableListableBeanFactory beanFactory) {
            // Everything happened above.
        }
    }
}
