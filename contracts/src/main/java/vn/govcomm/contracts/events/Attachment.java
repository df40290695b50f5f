package vn.govcomm.contracts.events;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;

/** A file attached to a notice ({@code _common.v1.json#/$defs/attachment}). */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonIgnoreProperties(ignoreUnknown = true)
public record Attachment(String name, String mediaType, String url, Long sizeBytes) {
}
