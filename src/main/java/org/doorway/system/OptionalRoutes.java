package org.doorway.system;

import java.util.Collection;
import java.util.Map;
import org.apache.camel.CamelContext;
import org.apache.camel.spi.Resource;
import org.apache.camel.spring.boot.CamelContextConfiguration;
import org.apache.camel.support.PluginHelper;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.env.Environment;
import org.springframework.stereotype.Component;
import org.springframework.util.StringUtils;

/**
 * Routes for optional systems: added once Camel has started, and only when their system is
 * configured, since Camel cannot even create their consumers without it.
 * <ul>
 *   <li>{@code routes/kafka/} (classpath {@code routes-kafka/}) when
 *       {@code camel.component.kafka.brokers} is set;</li>
 *   <li>{@code routes/sftp/} (classpath {@code routes-sftp/}) when {@code doorway.intake.sftp.host}
 *       is set.</li>
 * </ul>
 * Every other route is always loaded, by {@code camel.main.routes-include-pattern}.
 */
@Component
class OptionalRoutes implements CamelContextConfiguration {

    static final Map<String, String> ROUTES_BY_SETTING = Map.of(
            "camel.component.kafka.brokers", "routes-kafka/*.camel.yaml",
            "doorway.intake.sftp.host", "routes-sftp/*.camel.yaml");

    private static final Logger log = LoggerFactory.getLogger(OptionalRoutes.class);

    private final Environment environment;

    OptionalRoutes(Environment environment) {
        this.environment = environment;
    }

    @Override
    public void beforeApplicationStart(CamelContext camel) {
        // Optional routes are added after start, once the shared route configurations exist.
    }

    @Override
    public void afterApplicationStart(CamelContext camel) {
        ROUTES_BY_SETTING.forEach((setting, location) -> {
            if (!StringUtils.hasText(environment.getProperty(setting))) {
                log.info("{} is not set: routes in {} are off", setting, location);
                return;
            }
            try {
                Collection<Resource> routes =
                        PluginHelper.getPackageScanResourceResolver(camel).findResources(location);
                PluginHelper.getRoutesLoader(camel).loadRoutes(routes);
                log.info("{} is set: {} route file(s) from {} loaded", setting, routes.size(), location);
            } catch (Exception e) {
                throw new IllegalStateException("routes in " + location + " could not be loaded", e);
            }
        });
    }
}
