package vn.govcomm.fakes.facebook;

import java.time.Instant;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import tools.jackson.databind.node.ObjectNode;
import vn.govcomm.fakes.http.Json;
import vn.govcomm.fakes.http.ResponseException;

/** Renders a post with the requested {@code fields}, rejecting unknown fields as Graph does. */
final class PostFields {

    static final List<String> DEFAULT = List.of("created_time", "message", "id");
    static final Set<String> KNOWN = Set.of("id", "message", "created_time", "updated_time", "permalink_url",
            "is_published", "scheduled_publish_time", "is_expired", "status_type", "link", "full_picture", "from");

    private PostFields() {
    }

    static Set<String> requested(String fieldsParam, List<String> defaults, Set<String> known, String nodeType) {
        if (fieldsParam == null || fieldsParam.isBlank()) {
            return new LinkedHashSet<>(defaults);
        }
        Set<String> fields = new LinkedHashSet<>();
        for (String raw : fieldsParam.split(",")) {
            String field = raw.trim();
            if (field.isEmpty()) {
                continue;
            }
            if (!known.contains(field)) {
                throw new ResponseException(FacebookError.invalidParameter(
                        "Tried accessing nonexisting field (" + field + ") on node type (" + nodeType + ")")
                        .toResponse());
            }
            fields.add(field);
        }
        return fields;
    }

    static ObjectNode render(FacebookPost post, Set<String> fields, Instant now, String permalinkBase) {
        ObjectNode node = Json.object();
        for (String field : fields) {
            switch (field) {
                case "id" -> node.put("id", post.id());
                case "message" -> {
                    // Graph omits empty fields rather than sending null.
                    if (post.message() != null) {
                        node.put("message", post.message());
                    }
                }
                case "created_time" -> node.put("created_time", GraphTime.format(post.shownCreatedTime()));
                case "updated_time" -> node.put("updated_time", GraphTime.format(post.createdTime()));
                case "permalink_url" -> node.put("permalink_url",
                        permalinkBase + "/" + post.pageId() + "/posts/" + post.postNumber());
                case "is_published" -> node.put("is_published", post.isPublished(now));
                case "scheduled_publish_time" -> {
                    if (post.scheduledPublishTime() != null) {
                        node.put("scheduled_publish_time", post.scheduledPublishTime().getEpochSecond());
                    }
                }
                case "is_expired" -> node.put("is_expired", false);
                case "status_type" -> node.put("status_type", statusType(post));
                case "link" -> {
                    if (post.link() != null) {
                        node.put("link", post.link());
                    }
                }
                case "full_picture" -> {
                    if (post.photoUrl() != null) {
                        node.put("full_picture", post.photoUrl());
                    }
                }
                // The author: the Page for its own posts, the visitor for a visitor's post on the Page's feed.
                case "from" -> node.putObject("from").put("name", post.fromName()).put("id", post.fromId());
                default -> throw new IllegalStateException("unhandled field " + field);
            }
        }
        return node;
    }

    private static String statusType(FacebookPost post) {
        if (post.photoId() != null) {
            return "added_photos";
        }
        return post.link() != null ? "shared_story" : "mobile_status_update";
    }
}
