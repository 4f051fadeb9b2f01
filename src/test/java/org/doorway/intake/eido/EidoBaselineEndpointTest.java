package org.doorway.intake.eido;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.http.HttpStatus;
import org.springframework.web.ErrorResponseException;

class EidoBaselineEndpointTest {

    private final ApplicationContextRunner context =
            new ApplicationContextRunner().withUserConfiguration(EidoBaselineEndpoint.class);

    @Test
    void isAbsentUnlessTheBenchmarkAsksForIt() {
        context.run(app -> assertThat(app).doesNotHaveBean(EidoBaselineEndpoint.class));
        context.withPropertyValues("doorway.bench.baseline-endpoint=false")
                .run(app -> assertThat(app).doesNotHaveBean(EidoBaselineEndpoint.class));
    }

    @Test
    void isPresentWhenTheBenchmarkAsksForIt() {
        context.withPropertyValues("doorway.bench.baseline-endpoint=true")
                .run(app -> assertThat(app).hasSingleBean(EidoBaselineEndpoint.class));
    }

    @Test
    void answersTheCallTypeAndStoresNothing() {
        var answer = new EidoBaselineEndpoint()
                .parse("{\"incidentComponent\":{\"incidentTypeInternalCode\":\"LEAD\"}}"
                        .getBytes(StandardCharsets.UTF_8));

        assertThat(answer.getStatusCode()).isEqualTo(HttpStatus.ACCEPTED);
        assertThat(answer.getBody().callType()).isEqualTo("LEAD");
    }

    @Test
    void refusesABodyThatIsNotJsonOrHasNoCallType() {
        EidoBaselineEndpoint endpoint = new EidoBaselineEndpoint();

        assertThatThrownBy(() -> endpoint.parse("<not json".getBytes(StandardCharsets.UTF_8)))
                .isInstanceOfSatisfying(
                        ErrorResponseException.class,
                        e -> assertThat(e.getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST));
        assertThatThrownBy(() -> endpoint.parse("{}".getBytes(StandardCharsets.UTF_8)))
                .isInstanceOfSatisfying(
                        ErrorResponseException.class,
                        e -> assertThat(e.getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST));
    }
}
