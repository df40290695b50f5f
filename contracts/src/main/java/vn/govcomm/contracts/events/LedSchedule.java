package vn.govcomm.contracts.events;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;

import java.util.List;

/** How often and when LED screens show a notice ({@code _common.v1.json#/$defs/ledSchedule}). */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonIgnoreProperties(ignoreUnknown = true)
public record LedSchedule(Integer repeatEveryMinutes, Integer durationSec, List<OpeningHours> openingHours) {

    /** Shown between {@code from} and {@code to} ({@code HH:mm}) on these days (absent: every day). */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record OpeningHours(List<Day> days, String from, String to) {
    }

    public enum Day {
        MON, TUE, WED, THU, FRI, SAT, SUN
    }
}
