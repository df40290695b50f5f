package vn.govcomm.fakes.zalo;

import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;
import vn.govcomm.fakes.http.Json;

/**
 * Bodies of the webhook events adapters care about, for {@link FakeZalo#sendWebhook}. The sender adds
 * {@code timestamp} (and {@code app_id} if missing). Shapes follow zalo.md; the ZNS delivery shape is UNCONFIRMED.
 */
public final class ZaloEvents {

    private ZaloEvents() {
    }

    public static String follow(String appId, String oaId, String userId) {
        ObjectNode event = base(appId, "follow");
        event.put("oa_id", oaId);
        event.putObject("follower").put("id", userId);
        event.put("user_id_by_app", userId);
        event.put("source", "oa_profile");
        return Json.write(event);
    }

    public static String unfollow(String appId, String oaId, String userId) {
        ObjectNode event = base(appId, "unfollow");
        event.put("oa_id", oaId);
        event.putObject("follower").put("id", userId);
        event.put("user_id_by_app", userId);
        return Json.write(event);
    }

    public static String userSendText(String appId, String oaId, String userId, String text, String msgId) {
        ObjectNode event = base(appId, "user_send_text");
        event.putObject("sender").put("id", userId);
        event.putObject("recipient").put("id", oaId);
        event.put("user_id_by_app", userId);
        event.putObject("message").put("text", text).put("msg_id", msgId);
        return Json.write(event);
    }

    /** ZNS delivery receipt: {@code user_received_message} with message{delivery_time, msg_id, tracking_id}. */
    public static String znsReceived(String appId, String oaId, String msgId, String trackingId,
                                     long deliveryTimeMillis) {
        ObjectNode event = base(appId, "user_received_message");
        event.putObject("sender").put("id", oaId);
        event.putObject("recipient").put("id", "");
        event.putObject("message")
                .put("delivery_time", Long.toString(deliveryTimeMillis))
                .put("msg_id", msgId)
                .put("tracking_id", trackingId);
        return Json.write(event);
    }

    public static String userSeenMessage(String appId, String oaId, String userId, String... msgIds) {
        ObjectNode event = base(appId, "user_seen_message");
        event.putObject("sender").put("id", userId);
        event.putObject("recipient").put("id", oaId);
        ArrayNode ids = event.putObject("message").putArray("msg_ids");
        for (String id : msgIds) {
            ids.add(id);
        }
        return Json.write(event);
    }

    private static ObjectNode base(String appId, String eventName) {
        ObjectNode event = Json.object();
        event.put("app_id", appId);
        event.put("event_name", eventName);
        return event;
    }
}
