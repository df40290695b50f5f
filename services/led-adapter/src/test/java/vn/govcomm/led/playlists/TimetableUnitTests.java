package vn.govcomm.led.playlists;

import org.junit.jupiter.api.Test;

import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class TimetableUnitTests {

    static final ZoneId HCM = ZoneId.of("Asia/Ho_Chi_Minh");
    // Monday 2 October 2023
    static final Instant START = ZonedDateTime.of(2023, 9, 1, 0, 0, 0, 0, HCM).toInstant();
    static final Instant END = ZonedDateTime.of(2023, 11, 30, 23, 59, 59, 0, HCM).toInstant();

    static Instant at(int day, int hour, int minute) {
        return ZonedDateTime.of(2023, 10, day, hour, minute, 0, 0, HCM).toInstant();
    }

    @Test
    void withoutOpeningHoursTheWholeWindowIsOneSlot() {
        Timetable timetable = new Timetable(START, END, HCM, List.of());

        assertThat(timetable.slotAt(at(2, 3, 0))).contains(new Timetable.Slot(START, END));
        assertThat(timetable.slotAt(END)).isEmpty();
        assertThat(timetable.slotAt(START.minusSeconds(1))).isEmpty();
    }

    @Test
    void servesOnlyDuringOpeningHoursInHoChiMinhTime() {
        Timetable timetable = new Timetable(START, END, HCM,
                List.of(new Timetable.Hours(List.of(), LocalTime.of(7, 30), LocalTime.of(17, 0))));

        assertThat(timetable.slotAt(at(2, 7, 29))).isEmpty();
        assertThat(timetable.slotAt(at(2, 12, 0))).contains(new Timetable.Slot(at(2, 7, 30), at(2, 17, 0)));
        assertThat(timetable.slotAt(at(2, 17, 0))).isEmpty();
    }

    @Test
    void honoursTheDaysOfEachOpeningPeriod() {
        Timetable timetable = new Timetable(START, END, HCM, List.of(
                new Timetable.Hours(List.of(DayOfWeek.MONDAY, DayOfWeek.TUESDAY, DayOfWeek.WEDNESDAY,
                        DayOfWeek.THURSDAY, DayOfWeek.FRIDAY), LocalTime.of(7, 0), LocalTime.of(17, 0)),
                new Timetable.Hours(List.of(DayOfWeek.SATURDAY), LocalTime.of(7, 30), LocalTime.of(11, 30))));

        assertThat(timetable.slotAt(at(7, 10, 0))).contains(new Timetable.Slot(at(7, 7, 30), at(7, 11, 30)));
        assertThat(timetable.slotAt(at(7, 14, 0))).isEmpty();
        assertThat(timetable.slotAt(at(8, 10, 0))).as("Sunday").isEmpty();
    }

    @Test
    void cutsTheSlotToTheWindowOnItsLastDay() {
        Instant end = at(2, 10, 0);
        Timetable timetable = new Timetable(START, end, HCM,
                List.of(new Timetable.Hours(null, LocalTime.of(7, 0), LocalTime.MIDNIGHT)));

        assertThat(timetable.slotAt(at(2, 9, 0))).contains(new Timetable.Slot(at(2, 7, 0), end));
        assertThat(Timetable.time("24:00")).isEqualTo(LocalTime.MIDNIGHT);
    }
}
