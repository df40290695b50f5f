package vn.govcomm.reporting.scorecard;

import org.springframework.http.HttpStatus;
import vn.govcomm.kit.web.ApiProblem;

import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The period of a scorecard: a quarter ({@code 2025-Q1}), a year ({@code 2025}) or {@code from}/{@code to} days,
 * inclusive; whole days in Asia/Ho_Chi_Minh (applied by the view). Anything else is 400 {@code invalid-period}.
 */
record ScorecardPeriod(String label, LocalDate from, LocalDate to) {

    private static final Pattern QUARTER = Pattern.compile("(\\d{4})-Q([1-4])");
    private static final Pattern YEAR = Pattern.compile("\\d{4}");
    static final int MAX_DAYS = 366;

    static ScorecardPeriod of(String period, String from, String to) {
        boolean days = present(from) || present(to);
        if (present(period)) {
            if (days) {
                throw invalid("Chỉ dùng period hoặc from/to, không dùng cả hai. / Give either period or from/to, not both.");
            }
            Matcher quarter = QUARTER.matcher(period.strip());
            if (quarter.matches()) {
                LocalDate start = LocalDate.of(Integer.parseInt(quarter.group(1)), (Integer.parseInt(quarter.group(2)) - 1) * 3 + 1, 1);
                return new ScorecardPeriod(period.strip(), start, start.plusMonths(3).minusDays(1));
            }
            if (YEAR.matcher(period.strip()).matches()) {
                LocalDate start = LocalDate.of(Integer.parseInt(period.strip()), 1, 1);
                return new ScorecardPeriod(period.strip(), start, start.plusYears(1).minusDays(1));
            }
            throw invalid("Tham số period phải là một quý (2025-Q1) hoặc một năm (2025). / period must be a quarter (2025-Q1) or a year (2025).");
        }
        if (!present(from) || !present(to)) {
            throw invalid("Cần period (2025-Q1, 2025) hoặc cả from và to (yyyy-MM-dd). / Give period (2025-Q1, 2025) or both from and to (yyyy-MM-dd).");
        }
        LocalDate start = day("from", from);
        LocalDate end = day("to", to);
        if (end.isBefore(start) || end.toEpochDay() - start.toEpochDay() + 1 > MAX_DAYS) {
            throw invalid("Khoảng thời gian phải từ ngày bắt đầu đến ngày kết thúc, tối đa " + MAX_DAYS
                    + " ngày. / The period must run forward and span at most " + MAX_DAYS + " days.");
        }
        return new ScorecardPeriod(start + ".." + end, start, end);
    }

    private static LocalDate day(String name, String value) {
        try {
            return LocalDate.parse(value.strip());
        } catch (DateTimeParseException e) {
            throw invalid("Tham số " + name + " không phải ngày yyyy-MM-dd. / " + name + " is not a date (yyyy-MM-dd).");
        }
    }

    private static boolean present(String value) {
        return value != null && !value.isBlank();
    }

    static ApiProblem invalid(String detail) {
        return new ApiProblem(HttpStatus.BAD_REQUEST, "invalid-period", detail);
    }
}
