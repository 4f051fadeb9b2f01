package org.doorway.system;

import java.util.Map;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.env.EnvironmentPostProcessor;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;
import org.springframework.util.StringUtils;

/**
 * Kafka is optional. The routes that consume from Kafka live in {@code routes/kafka/} and are
 * loaded only when {@code camel.component.kafka.brokers} is set: Camel cannot even create a Kafka
 * consumer without brokers. Every other route is always loaded.
 */
class KafkaSwitch implements EnvironmentPostProcessor {

    static final String ROUTES = "camel.main.routes-include-pattern";
    static final String KAFKA_ROUTES = "classpath:routes/kafka/*.camel.yaml";

    @Override
    public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
        String routes = environment.getProperty(ROUTES);
        if (StringUtils.hasText(environment.getProperty("camel.component.kafka.brokers"))
                && routes != null && !routes.contains(KAFKA_ROUTES)) {
            environment.getPropertySources().addFirst(
                    new MapPropertySource("doorway-kafka-routes", Map.of(ROUTES, routes + "," + KAFKA_ROUTES)));
        }
    }
}
