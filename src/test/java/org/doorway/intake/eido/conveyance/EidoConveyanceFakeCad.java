package org.doorway.intake.eido.conveyance;

import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.websocket.CloseReason;
import jakarta.websocket.DeploymentException;
import jakarta.websocket.Endpoint;
import jakarta.websocket.EndpointConfig;
import jakarta.websocket.HandshakeResponse;
import jakarta.websocket.MessageHandler;
import jakarta.websocket.PongMessage;
import jakarta.websocket.Session;
import jakarta.websocket.server.HandshakeRequest;
import jakarta.websocket.server.ServerContainer;
import jakarta.websocket.server.ServerEndpointConfig;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import java.util.function.Predicate;
import org.apache.catalina.Context;
import org.apache.catalina.startup.Tomcat;
import org.apache.tomcat.websocket.server.WsSci;

/**
 * A CAD's EIDO server for tests: the notifier side of NENA-STA-024 on an embedded Tomcat (the
 * JSR-356 WebSocket server), at {@code ws://localhost:<port>/IncidentData/ent}, offering the
 * sub-protocol {@code emergency-ent1.0}.
 *
 * <p>It grants every new subscription (ids {@code sub-1}, {@code sub-2}, …, for the {@code expires}
 * asked), refreshes one it knows, answers 481 for one it does not, and remembers every message it
 * received. A <em>strict</em> server forgets a connection's subscriptions when the connection
 * closes, as STA-024 has it; a <em>resumable</em> one keeps them for the next connection. Tests
 * push notifications and terminations and drop connections through its methods. It builds its
 * messages itself, independently of Doorway's codec.
 */
final class EidoConveyanceFakeCad implements AutoCloseable {

    static final String PATH = "/IncidentData/ent";
    static final String SUBPROTOCOL = "emergency-ent1.0";
    private static final Duration WAIT = Duration.ofSeconds(20);

    private final ObjectMapper json = new ObjectMapper();
    private final boolean resumable;
    private final Tomcat tomcat;
    private final int port;

    private final List<Received> received = new CopyOnWriteArrayList<>();
    private final List<Map<String, String>> handshakes = new CopyOnWriteArrayList<>();
    private final Set<Session> open = ConcurrentHashMap.newKeySet();
    private final Map<String, Session> subscriptions = new ConcurrentHashMap<>();
    private final AtomicInteger nextId = new AtomicInteger();
    private final AtomicInteger connections = new AtomicInteger();
    private final AtomicInteger mostOpenAtOnce = new AtomicInteger();
    private final AtomicInteger pongs = new AtomicInteger();
    private volatile Consumer<JsonNode> onEventResponse = response -> {};
    private volatile Consumer<String> onNewSubscription = id -> {};

    /** A message the server received: on which connection, and the whole JSON message. */
    record Received(String connection, JsonNode message) {
        String type() {
            return message.fieldNames().next();
        }

        JsonNode body() {
            return message.get(type());
        }
    }

    private EidoConveyanceFakeCad(boolean resumable) {
        this.resumable = resumable;
        try {
            tomcat = new Tomcat();
            tomcat.setBaseDir(Files.createTempDirectory("fake-cad-").toString());
            tomcat.setPort(0);
            Context context = tomcat.addContext("", null);
            context.addServletContainerInitializer(new WsSci(), null);
            context.addServletContainerInitializer(
                    (classes, servletContext) -> {
                        ServerContainer container =
                                (ServerContainer) servletContext.getAttribute(ServerContainer.class.getName());
                        try {
                            container.addEndpoint(ServerEndpointConfig.Builder.create(CadEndpoint.class, PATH)
                                    .subprotocols(List.of(SUBPROTOCOL))
                                    .configurator(new Handshake())
                                    .build());
                        } catch (DeploymentException e) {
                            throw new IllegalStateException(e);
                        }
                    },
                    null);
            // Requests reach the WebSocket upgrade filter only when some servlet is mapped.
            Tomcat.addServlet(context, "nothing-else", new HttpServlet() {
                @Override
                protected void service(HttpServletRequest request, HttpServletResponse response) throws IOException {
                    response.sendError(HttpServletResponse.SC_NOT_FOUND);
                }
            });
            context.addServletMappingDecoded("/", "nothing-else");
            tomcat.getConnector();
            tomcat.start();
            port = tomcat.getConnector().getLocalPort();
        } catch (Exception e) {
            throw new IllegalStateException("fake CAD did not start", e);
        }
    }

    /** A server that forgets a connection's subscriptions when it closes (NENA-STA-024). */
    static EidoConveyanceFakeCad strict() {
        return new EidoConveyanceFakeCad(false);
    }

    /** A server whose subscriptions outlive their connection, so a subscriber may resume one. */
    static EidoConveyanceFakeCad resumable() {
        return new EidoConveyanceFakeCad(true);
    }

    String url() {
        return "ws://localhost:" + port + PATH;
    }

    /** Called with each eventResponse as it arrives, before it is recorded as received. */
    void onEventResponse(Consumer<JsonNode> hook) {
        onEventResponse = hook;
    }

    /** Called with the id of each new subscription just after it was granted. */
    void onNewSubscription(Consumer<String> hook) {
        onNewSubscription = hook;
    }

    // ------------------------------------------------------------------ what the test does

    /** Sends an event with these EIDOs to the subscription; returns its transactionId. */
    String notify(String subscriptionId, JsonNode... eidos) {
        String transactionId = UUID.randomUUID().toString();
        ObjectNode message = json.createObjectNode();
        ObjectNode event = message.putObject("event");
        event.put("subscriptionId", subscriptionId);
        event.put("transactionId", transactionId);
        ArrayNode notification = event.putArray("notification");
        for (JsonNode eido : eidos) {
            notification.add(eido);
        }
        send(subscriptionId, message.toString());
        return transactionId;
    }

    /** Sends any text to the connection that holds the subscription. */
    void send(String subscriptionId, String text) {
        Session session = subscriptions.get(subscriptionId);
        if (session == null) {
            throw new IllegalStateException("no connection holds subscription " + subscriptionId);
        }
        send(session, text);
    }

    /** Ends a subscription from the server's side; returns the terminate's requestId. */
    String terminate(String subscriptionId) {
        String requestId = UUID.randomUUID().toString();
        ObjectNode message = json.createObjectNode();
        message.putObject("terminate").put("requestId", requestId).put("subscriptionId", subscriptionId);
        Session session = subscriptions.remove(subscriptionId);
        send(session, message.toString());
        return requestId;
    }

    /** Closes every connection ("going away"), as a restarting server or a failing network would. */
    void dropConnections() {
        for (Session session : open) {
            try {
                session.close(new CloseReason(CloseReason.CloseCodes.GOING_AWAY, ""));
            } catch (IOException e) {
                // already gone
            }
        }
    }

    /** Pings every open connection. */
    void ping() {
        for (Session session : open) {
            try {
                synchronized (session) {
                    session.getBasicRemote().sendPing(ByteBuffer.wrap(new byte[] {1, 2, 3}));
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    // ------------------------------------------------------------------ what the test checks

    /** Waits for a subscription held by an open connection and returns its id (the newest). */
    String awaitSubscription() {
        return await().atMost(WAIT)
                .until(this::currentSubscription, Optional::isPresent)
                .get();
    }

    /** Waits for a subscription, other than {@code previous}, held by an open connection. */
    String awaitSubscriptionOtherThan(String previous) {
        return await().atMost(WAIT)
                .until(
                        this::currentSubscription,
                        id -> id.isPresent() && !id.get().equals(previous))
                .get();
    }

    private Optional<String> currentSubscription() {
        return subscriptions.entrySet().stream()
                .filter(e -> e.getValue().isOpen())
                .map(Map.Entry::getKey)
                .max((a, b) -> Integer.compare(number(a), number(b)));
    }

    private static int number(String id) {
        return Integer.parseInt(id.substring(id.indexOf('-') + 1));
    }

    /** Waits for a received message of this type that matches, and returns its body. */
    JsonNode awaitReceived(String type, Predicate<JsonNode> which) {
        return await().atMost(WAIT)
                .until(() -> received(type).stream().filter(which).findFirst(), Optional::isPresent)
                .get();
    }

    /** Waits for the eventResponse to a notification. */
    JsonNode awaitEventResponse(String transactionId) {
        return awaitReceived(
                "eventResponse",
                body -> transactionId.equals(body.path("transactionId").asText(null)));
    }

    /** The bodies of the messages of this type received so far, oldest first. */
    List<JsonNode> received(String type) {
        List<JsonNode> bodies = new ArrayList<>();
        for (Received r : received) {
            if (r.type().equals(type)) {
                bodies.add(r.body());
            }
        }
        return bodies;
    }

    /** Every message received so far, oldest first. */
    List<Received> received() {
        return List.copyOf(received);
    }

    /** The headers of each WebSocket handshake so far (names in lower case). */
    List<Map<String, String>> handshakes() {
        return List.copyOf(handshakes);
    }

    int connections() {
        return connections.get();
    }

    int openConnections() {
        return open.size();
    }

    /** The most connections that were open at the same time. */
    int mostOpenAtOnce() {
        return mostOpenAtOnce.get();
    }

    int pongs() {
        return pongs.get();
    }

    @Override
    public void close() {
        try {
            tomcat.stop();
            tomcat.destroy();
        } catch (Exception e) {
            // the test is over
        }
    }

    // ------------------------------------------------------------------ the server

    private void onMessage(Session session, String text) {
        JsonNode message;
        try {
            message = json.readTree(text);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Received r = new Received(session.getId(), message);
        JsonNode body = r.body();
        if (r.type().equals("eventResponse")) {
            onEventResponse.accept(body); // before a test waiting for it can see it
        }
        received.add(r);
        switch (r.type()) {
            case "subscribe" -> subscribe(session, body);
            case "unsubscribe" -> {
                String id = body.path("subscriptionId").asText();
                boolean known = subscriptions.remove(id) != null;
                ObjectNode answer = json.createObjectNode();
                answer.putObject("unsubscribeResponse")
                        .put("requestId", body.path("requestId").asText())
                        .put("subscriptionId", id)
                        .put("statusCode", known ? 200 : 481)
                        .put("statusText", known ? "Unsubscribed" : "Subscription Does Not Exist");
                send(session, answer.toString());
            }
            default -> {}
        }
    }

    private void subscribe(Session session, JsonNode body) {
        ObjectNode answer = json.createObjectNode();
        ObjectNode response = answer.putObject("subscribeResponse")
                .put("requestId", body.path("requestId").asText());
        int expires = body.path("expires").asInt(3600);
        String id;
        boolean created = false;
        if (body.hasNonNull("subscriptionId")) {
            id = body.get("subscriptionId").asText();
            if (!subscriptions.containsKey(id)) {
                response.put("statusCode", 481).put("statusText", "Subscription Does Not Exist");
                send(session, answer.toString());
                return;
            }
        } else {
            id = "sub-" + nextId.incrementAndGet();
            created = true;
        }
        subscriptions.put(id, session);
        response.put("subscriptionId", id)
                .put("expires", expires)
                .put("statusCode", 200)
                .put("statusText", "OK");
        send(session, answer.toString());
        if (created) {
            onNewSubscription.accept(id);
        }
    }

    private void send(Session session, String text) {
        try {
            synchronized (session) {
                session.getBasicRemote().sendText(text);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void closed(Session session) {
        open.remove(session);
        if (!resumable) {
            subscriptions.values().removeIf(s -> s == session);
        }
    }

    /** One connection's endpoint. */
    final class CadEndpoint extends Endpoint {
        @Override
        public void onOpen(Session session, EndpointConfig config) {
            session.setMaxTextMessageBufferSize(1 << 20);
            open.add(session);
            connections.incrementAndGet();
            mostOpenAtOnce.accumulateAndGet(open.size(), Math::max);
            session.addMessageHandler(String.class, (MessageHandler.Whole<String>) text -> onMessage(session, text));
            session.addMessageHandler(
                    PongMessage.class, (MessageHandler.Whole<PongMessage>) pong -> pongs.incrementAndGet());
        }

        @Override
        public void onClose(Session session, CloseReason reason) {
            closed(session);
        }

        @Override
        public void onError(Session session, Throwable failure) {
            closed(session);
        }
    }

    /** Records each handshake's headers and hands out endpoints bound to this server. */
    final class Handshake extends ServerEndpointConfig.Configurator {
        @Override
        public <T> T getEndpointInstance(Class<T> endpointClass) {
            return endpointClass.cast(new CadEndpoint());
        }

        @Override
        public void modifyHandshake(ServerEndpointConfig config, HandshakeRequest request, HandshakeResponse response) {
            Map<String, String> headers = new TreeMap<>();
            request.getHeaders()
                    .forEach((name, values) -> headers.put(name.toLowerCase(Locale.ROOT), String.join(",", values)));
            handshakes.add(headers);
            super.modifyHandshake(config, request, response);
        }
    }
}
