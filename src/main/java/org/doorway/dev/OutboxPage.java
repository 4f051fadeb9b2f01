package org.doorway.dev;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.doorway.handoff.Handoffs;
import org.doorway.site.OnCall;
import org.doorway.site.Site;
import org.doorway.site.Sites;
import org.doorway.system.OutboxMode;
import org.springframework.context.annotation.Conditional;
import org.springframework.http.MediaType;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseBody;

/**
 * {@code /dev/outbox}: every SMS Doorway would have sent, with buttons that answer a page as the
 * case manager's phone would, and the handoffs' clocks. Exists only when no Twilio account is
 * configured. With {@code Accept: application/json}: the messages Doorway sent, oldest first.
 */
@Controller
@Conditional(OutboxMode.class)
class OutboxPage {

    private static final Pattern REPLY_CODE = Pattern.compile("Reply (\\d+)a\\b");

    private final OutboxMessages messages;
    private final OutboxPhone phone;
    private final Handoffs handoffs;
    private final Sites sites;
    private final OnCall onCall;

    OutboxPage(OutboxMessages messages, OutboxPhone phone, Handoffs handoffs, Sites sites, OnCall onCall) {
        this.messages = messages;
        this.phone = phone;
        this.handoffs = handoffs;
        this.sites = sites;
        this.onCall = onCall;
    }

    @GetMapping(value = "/dev/outbox", produces = MediaType.APPLICATION_JSON_VALUE)
    @ResponseBody
    List<Map<String, Object>> json() {
        return messages.latest(500).stream()
                .filter(m -> !"INBOUND".equals(m.direction()))
                .map(m -> {
                    Map<String, Object> json = new LinkedHashMap<>();
                    json.put("sid", m.sid());
                    json.put("kind", "CALL".equals(m.direction()) ? "call" : "sms");
                    json.put("to", m.to());
                    json.put("from", m.from());
                    json.put("body", m.body());
                    json.put("status", m.status());
                    json.put("sentAt", m.sentAt());
                    return json;
                })
                .toList();
    }

    @GetMapping("/dev/outbox")
    String page(Model model) {
        List<Map<String, Object>> shown = new ArrayList<>();
        for (OutboxMessages.Message m : messages.latest(200)) {
            Matcher code = REPLY_CODE.matcher(m.body());
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("message", m);
            row.put("replyCode", "OUTBOUND".equals(m.direction()) && code.find() ? code.group(1) : null);
            row.put("who", who("INBOUND".equals(m.direction()) ? m.from() : m.to()));
            shown.add(row);
        }
        List<Map<String, String>> onCall = new ArrayList<>();
        for (Site site : sites.all()) {
            this.onCall
                    .onCall(site.id(), Instant.now())
                    .forEach((layer, cm) -> onCall.add(
                            Map.of("site", site.name(), "layer", layer, "name", cm.name(), "phone", cm.phone())));
        }
        model.addAttribute("messages", shown);
        model.addAttribute("handoffs", handoffs.recent(20));
        model.addAttribute("onCall", onCall);
        model.addAttribute(
                "phones",
                sites.all().stream()
                        .flatMap(s -> s.caseManagers().values().stream())
                        .toList());
        return "outbox";
    }

    @PostMapping("/dev/outbox/press")
    String press(@RequestParam String call, @RequestParam String digit) {
        phone.press(call, digit);
        return "redirect:/dev/outbox";
    }

    @PostMapping("/dev/outbox/reply")
    String reply(@RequestParam String phone, @RequestParam String body) {
        this.phone.reply(phone, body);
        return "redirect:/dev/outbox";
    }

    private String who(String number) {
        return sites.all().stream()
                .flatMap(s -> s.caseManagers().values().stream())
                .filter(cm -> cm.phone().equals(number))
                .map(Site.CaseManager::name)
                .findFirst()
                .or(() -> sites.all().stream()
                        .flatMap(s -> s.officers().stream())
                        .filter(o -> o.phone().equals(number))
                        .map(o -> o.name())
                        .findFirst())
                .orElse(number);
    }
}
