package vn.govcomm.fakes.zalo;

import java.time.Instant;
import tools.jackson.databind.JsonNode;

/** A ZNS template message accepted by {@code /message/template}. */
public record ZnsMessage(String msgId, String appId, String phone, String templateId, JsonNode templateData,
                         String trackingId, Instant sentAt) {
}
