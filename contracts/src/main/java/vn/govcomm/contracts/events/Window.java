package vn.govcomm.contracts.events;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;

/** When a notice must be up ({@code _common.v1.json#/$defs/window}); RFC 3339 date-times as sent. */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonIgnoreProperties(ignoreUnknown = true)
public record Window(String startsAt, String endsAt, String timeZone) {
}
