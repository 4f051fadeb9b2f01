package org.doorway.system;

import java.util.Collection;
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
 * Kafka is optional. The routes that consume from Kafka live in {@code routes/kafka/} (on the
 * classpath: {@code routes-kafka/}) and are added once Camel has started, only when
 * {@code camel.component.kafka.brokers} is set: Camel cannot even create a Kafka consumer without
 * brokers. Every other route is always loaded, by {@code camel.main.routes-include-pattern}.
 */
@Component
class KafkaRoutes implements CamelContextConfiguration {

    static final String LOCATION = "routes-kafka/*.camel.yaml";

    private static final Logger log = LoggerFactory.getLogger(KafkaRoutes.class);

    private final Environment environment;

    KafkaRoutes(Environment environment) {
        this.environment = environment;
    }

    @Override
    public void beforeApplicationStart(CamelContext camel) {
        // Kafka routes are added after start, once the shared route configurations exist.
    }

    @Override
    public void afterApplicationStart(CamelContext camel) {
        String brokers = environment.getProperty("camel.component.kafka.brokers");
        if (!StringUtils.hasText(brokers)) {
            log.info("No Kafka brokers configured (camel.component.kafka.brokers): Kafka intake is off");
            return;
        }
        try {
            Collection<Resource> routes = PluginHelper.getPackageScanResourceResolver(camel).findResources(LOCATION);
            PluginHelper.getRoutesLoader(camel).loadRoutes(routes);
            log.info("Kafka intake on: {} route file(s) loaded", routes.size());
        } catch (Exception e) {
            throw new IllegalStateException("Kafka routes could not be loaded", e);
        }
    }
}
