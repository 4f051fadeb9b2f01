package org.doorway.intake;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Properties;
import org.apache.camel.component.file.remote.SftpConfiguration;
import org.apache.camel.component.file.remote.SftpEndpoint;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.support.PluginHelper;
import org.apache.camel.support.ResourceHelper;
import org.junit.jupiter.api.Test;

/**
 * The SFTP door's route ({@code routes/sftp/intake-rms-sftp.camel.yaml}) through its Kamelet
 * hands the SFTP component each login setting exactly as configured. Before, when an optional
 * setting was unset, Camel wrote the Kamelet's URI again URL-encoded and the SFTP component read
 * its secret options without decoding: the known_hosts file became {@code %2Ftmp%2F...} (every
 * host key rejected) and a password lost what followed an {@code &}.
 */
class SftpRouteSettingsTest {

    private static SftpConfiguration configured(Properties settings) throws Exception {
        String route;
        try (InputStream in =
                SftpRouteSettingsTest.class.getResourceAsStream("/routes-sftp/intake-rms-sftp.camel.yaml")) {
            route = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        // Only the endpoint is wanted: no error configuration, no start, nothing downstream.
        route = route.replace("routeConfigurationId: file-errors", "autoStartup: false")
                .replace("uri: direct:rms-file", "uri: log:sftp-settings-test");
        try (DefaultCamelContext camel = new DefaultCamelContext()) {
            camel.getRegistry()
                    .bind("sftpFileClaims", (org.apache.camel.component.file.GenericFileFilter<Object>) file -> true);
            camel.getPropertiesComponent().setInitialProperties(settings);
            camel.start();
            PluginHelper.getRoutesLoader(camel).loadRoutes(ResourceHelper.fromString("sftp-test.camel.yaml", route));
            return camel.getEndpoints().stream()
                    .filter(SftpEndpoint.class::isInstance)
                    .map(e -> ((SftpEndpoint) e).getConfiguration())
                    .findFirst()
                    .orElseThrow();
        }
    }

    private static Properties settings() {
        Properties settings = new Properties();
        settings.setProperty("doorway.intake.sftp.host", "sftp.example.test");
        settings.setProperty("doorway.intake.sftp.port", "2222");
        settings.setProperty("doorway.intake.sftp.username", "rms");
        settings.setProperty("doorway.intake.sftp.directory", "inbox");
        settings.setProperty("doorway.intake.sftp.poll-every", "30000");
        settings.setProperty("doorway.intake.sftp.min-age", "5000");
        return settings;
    }

    @Test
    void passesTheKnownHostsFileAndAPasswordWithReservedCharactersUnchanged() throws Exception {
        Properties settings = settings();
        settings.setProperty("doorway.intake.sftp.password", "p+a/s%20s&w=rd(x)");
        settings.setProperty("doorway.intake.sftp.known-hosts-file", "/etc/doorway/ssh/known_hosts");

        SftpConfiguration sftp = configured(settings);

        assertThat(sftp.getKnownHostsFile()).isEqualTo("/etc/doorway/ssh/known_hosts");
        assertThat(sftp.getPassword()).isEqualTo("p+a/s%20s&w=rd(x)");
        assertThat(sftp.getUsername()).isEqualTo("rms");
        assertThat(sftp.getPrivateKeyFile()).isNull();
        assertThat(sftp.getStrictHostKeyChecking()).isEqualTo("yes");
    }

    @Test
    void passesAPrivateKeyFileWithSpacesUnchangedAndNoPassword() throws Exception {
        Properties settings = settings();
        settings.setProperty("doorway.intake.sftp.private-key-file", "/etc/doorway/ssh keys/id+rms");
        settings.setProperty("doorway.intake.sftp.known-hosts-file", "/etc/doorway/ssh/known_hosts");

        SftpConfiguration sftp = configured(settings);

        assertThat(sftp.getPrivateKeyFile()).isEqualTo("/etc/doorway/ssh keys/id+rms");
        assertThat(sftp.getPassword()).isNull();
        assertThat(sftp.getKnownHostsFile()).isEqualTo("/etc/doorway/ssh/known_hosts");
        assertThat(sftp.getStrictHostKeyChecking()).isEqualTo("yes");
    }
}
