package vn.govcomm.led.playlists;

import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.List;
import java.util.Optional;

/**
 * When an item may be on screen: inside its publication window and, if opening hours are given, inside one of
 * them (local time of the window's zone, Asia/Ho_Chi_Minh by default; no {@code days} = every day). The slot
 * served to the device is the current opening period cut to the window, so a device that stops polling still
 * takes the item off at closing time.
 */
record Timetable(Instant windowStart, Instant windowEnd, ZoneId zone, List<Hours> openingHours) {

    static final ZoneId DEFAULT_ZONE = ZoneId.of("Asia/Ho_Chi_Minh");

    record Hours(List<DayOfWeek> days, LocalTime from, LocalTime to) {
    }

    record Slot(Instant from, Instant to) {
    }

    Optional<Slot> slotAt(Instant now) {
        if (now.isBefore(windowStart) || !now.isBefore(windowEnd)) {
            return Optional.empty();
        }
        if (openingHours == null || openingHours.isEmpty()) {
            return Optional.of(new Slot(windowStart, windowEnd));
        }
        ZonedDateTime local = now.atZone(zone);
        LocalDate today = local.toLocalDate();
        for (Hours hours : openingHours) {
            if (hours.days() != null && !hours.days().isEmpty() && !hours.days().contains(local.getDayOfWeek())) {
                continue;
            }
            Instant from = today.atTime(hours.from()).atZone(zone).toInstant();
            Instant to = hours.to().equals(LocalTime.MIDNIGHT) ? today.plusDays(1).atStartOfDay(zone).toInstant()
                    : today.atTime(hours.to()).atZone(zone).toInstant();
            if (!now.isBefore(from) && now.isBefore(to)) {
                return Optional.of(new Slot(max(from, windowStart), min(to, windowEnd)));
            }
        }
        return Optional.empty();
    }

    /** "HH:mm"; "24:00" means the end of the day. */
    static LocalTime time(String value) {
        return "24:00".equals(value) ? LocalTime.MIDNIGHT : LocalTime.parse(value);
    }

    static DayOfWeek day(String value) {
        return switch (value) {
            case "MON" -> DayOfWeek.MONDAY;
            case "TUE" -> DayOfWeek.TUESDAY;
            case "WED" -> DayOfWeek.WEDNESDAY;
            case "THU" -> DayOfWeek.THURSDAY;
            case "FRI" -> DayOfWeek.FRIDAY;
            case "SAT" -> DayOfWeek.SATURDAY;
            case "SUN" -> DayOfWeek.SUNDAY;
            default -> throw new IllegalArgumentException("Unknown day " + value);
        };
    }

    private static Instant max(Instant a, Instant b) {
        return a.isAfter(b) ? a : b;
    }

    private static Instant min(Instant a, Instant b) {
        return a.isBefore(b) ? a : b;
    }
}
