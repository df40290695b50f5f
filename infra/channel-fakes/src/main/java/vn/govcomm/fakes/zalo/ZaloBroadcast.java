package vn.govcomm.fakes.zalo;

import java.time.Instant;
import tools.jackson.databind.JsonNode;

/** A broadcast accepted by {@code oa/message}: which article, to which target. */
public record ZaloBroadcast(String messageId, String appId, String articleId, JsonNode target, Instant at) {
}
