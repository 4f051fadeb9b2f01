package org.doorway.intake.eido.conveyance;

import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The CAD EIDO servers Doorway subscribes to over a NENA-STA-024 WebSocket
 * ({@code doorway.intake.eido-conveyance.*}). With no servers (the default) nothing connects.
 *
 * @param lease   how long one instance holds a server's subscription without renewing it; another
 *                instance takes the server over once a lease lapses (a cleanly stopping instance
 *                gives it up at once). Renewed every third of this while held.
 * @param servers the EIDO servers, each subscribed to by exactly one Doorway instance at a time
 */
@ConfigurationProperties("doorway.intake.eido-conveyance")
record EidoConveyanceProperties(
        @DefaultValue("PT30S") Duration lease, @DefaultValue List<Server> servers) {

    EidoConveyanceProperties {
        servers = servers == null ? List.of() : List.copyOf(servers);
        if (lease.compareTo(Duration.ofMillis(300)) < 0) {
            throw new IllegalArgumentException("doorway.intake.eido-conveyance.lease must be at least 300 ms");
        }
        Set<String> names = new HashSet<>();
        for (int i = 0; i < servers.size(); i++) {
            Server server = servers.get(i);
            String at = "doorway.intake.eido-conveyance.servers[" + i + "]";
            if (server.name() == null || server.name().isBlank()) {
                throw new IllegalArgumentException(at + ".name is required");
            }
            if (!names.add(server.name())) {
                throw new IllegalArgumentException(at + ".name repeats an earlier server's name");
            }
            if (server.url() == null
                    || server.url().getScheme() == null
                    || !List.of("ws", "wss").contains(server.url().getScheme().toLowerCase())) {
                throw new IllegalArgumentException(at + ".url must be a ws:// or wss:// URL");
            }
            if (server.site() == null || server.site().isBlank()) {
                throw new IllegalArgumentException(at + ".site is required");
            }
        }
    }

    /** The servers that are enabled. */
    List<Server> enabledServers() {
        List<Server> enabled = new ArrayList<>();
        for (Server server : servers) {
            if (server.enabled()) {
                enabled.add(server);
            }
        }
        return enabled;
    }

    /**
     * One CAD EIDO server.
     *
     * @param name                      a short stable name: the key of its stored subscription and
     *                                  the channel its referrals are recorded with
     *                                  ({@code websocket:<name>})
     * @param url                       its WebSocket URL, e.g. {@code wss://cad.example.org/IncidentData/ent}
     * @param site                      the site whose referrals it carries
     * @param enabled                   whether to subscribe to it
     * @param bearerToken               sent as {@code Authorization: Bearer …} on the WebSocket handshake,
     *                                  if set
     * @param headers                   further handshake headers (not the WebSocket protocol's own)
     * @param subprotocol               the WebSocket sub-protocol offered; empty offers none
     * @param subscription              what Doorway asks for in its {@code subscribe} request
     * @param reconnect                 how long to wait between connection attempts
     * @param connectTimeout            how long the WebSocket handshake may take
     * @param responseTimeout           how long the server may take to answer a {@code subscribe}
     * @param renewBefore               how long before the subscription expires Doorway refreshes it
     *                                  (never earlier than half-way through)
     * @param resubscribeAfterTerminate how long Doorway waits to subscribe again after the server
     *                                  terminated its subscription
     * @param pingInterval              how often Doorway pings the server; a connection silent for two
     *                                  intervals is dropped and made again
     * @param maxMessageBytes           the largest message accepted from the server; a larger one
     *                                  closes the connection (1008, policy violation)
     */
    record Server(
            String name,
            URI url,
            String site,
            @DefaultValue("true") boolean enabled,
            String bearerToken,
            @DefaultValue Map<String, String> headers,
            @DefaultValue("emergency-ent1.0") String subprotocol,
            @DefaultValue Subscription subscription,
            @DefaultValue Reconnect reconnect,
            @DefaultValue("PT10S") Duration connectTimeout,
            @DefaultValue("PT10S") Duration responseTimeout,
            @DefaultValue("PT60S") Duration renewBefore,
            @DefaultValue("PT30S") Duration resubscribeAfterTerminate,
            @DefaultValue("PT30S") Duration pingInterval,
            @DefaultValue("33554432") int maxMessageBytes) {

        Server {
            headers = headers == null ? Map.of() : Map.copyOf(headers);
            subprotocol = subprotocol == null ? "" : subprotocol.strip();
        }

        /** The channel referrals from this server are recorded with. */
        String channel() {
            return "websocket:" + name;
        }

        /** Never prints the token or header values: they are credentials. */
        @Override
        public String toString() {
            return "Server[name=" + name + ", url=" + url + ", site=" + site + ", enabled=" + enabled
                    + ", bearerToken=" + (bearerToken == null || bearerToken.isBlank() ? "unset" : "(set)")
                    + ", headers=" + headers.keySet() + ", subprotocol=" + subprotocol + ", subscription="
                    + subscription
                    + ", reconnect=" + reconnect + "]";
        }
    }

    /**
     * The fields of a new subscription's {@code subscribe} request (NENA-STA-024 2.1.5.1). A refresh
     * or resumption sends only the subscription id and {@code expires}, as the standard requires.
     *
     * @param requestType          {@code EIDO}
     * @param requestSubType       {@code new}: every new incident (Doorway's use); the standard also
     *                             has {@code single} (one incident) and {@code resource}
     * @param requestAccepts       the EIDO media type and major versions accepted
     * @param qualFilter           the server's filter expression, to be told only of some incidents
     *                             (e.g. LEAD call types); unset for all
     * @param qualFilterEvalPeriod seconds between filter evaluations, with a filter
     * @param minRate              seconds after which the server sends a notification even with
     *                             nothing new (a keep-alive); unset for none
     * @param maxRate              the least seconds between notifications; unset for no limit
     * @param expires              seconds the subscription is asked to last before it must be
     *                             refreshed; the server may grant another period
     */
    record Subscription(
            @DefaultValue("EIDO") String requestType,
            @DefaultValue("new") String requestSubType,

            @DefaultValue("application/emergency.eido+json; version=\"1\"")
            String requestAccepts,

            String qualFilter,
            Integer qualFilterEvalPeriod,
            Integer minRate,
            Integer maxRate,
            @DefaultValue("3600") int expires) {}

    /**
     * Reconnection backoff: the n-th consecutive attempt waits a random time between half and all
     * of {@code initial × 2ⁿ}, capped at {@code max}. It starts again from {@code initial} once a
     * subscription has stayed up for {@code max}.
     *
     * @param initial the first wait
     * @param max     the longest wait
     */
    record Reconnect(
            @DefaultValue("PT1S") Duration initial,
            @DefaultValue("PT60S") Duration max) {
        Reconnect {
            if (initial.isNegative() || initial.isZero() || max.compareTo(initial) < 0) {
                throw new IllegalArgumentException("reconnect.initial must be positive and at most reconnect.max");
            }
        }
    }
}
