package vn.govcomm.reporting.scorecard;

import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.util.List;

/** The wording shared by the scorecard's XLSX and print page (Vietnamese, as the report to the province is written). */
final class ScorecardWords {

    static final String HEADING = "BẢNG ĐÁNH GIÁ KẾT QUẢ THỰC HIỆN TUYÊN TRUYỀN CỦA CÁC CƠ QUAN, ĐƠN VỊ";
    static final String PROVINCE = "Toàn tỉnh";
    private static final DateTimeFormatter DAY = DateTimeFormatter.ofPattern("dd/MM/yyyy");
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HH:mm 'ngày' dd/MM/yyyy").withZone(ScorecardView.VIETNAM);
    private static final List<String> QUARTERS = List.of("I", "II", "III", "IV");

    private ScorecardWords() {
    }

    /** "Quý I năm 2025 (từ ngày 01/01/2025 đến ngày 31/03/2025)", "Năm 2025 (...)", "Từ ngày ... đến ngày ...". */
    static String period(Scorecard s) {
        String days = DAY.format(s.from()) + " đến ngày " + DAY.format(s.to());
        if (s.period().matches("\\d{4}-Q[1-4]")) {
            return "Quý " + QUARTERS.get(s.period().charAt(6) - '1') + " năm " + s.period().substring(0, 4) + " (từ ngày " + days + ")";
        }
        if (s.period().matches("\\d{4}")) {
            return "Năm " + s.period() + " (từ ngày " + days + ")";
        }
        return "Từ ngày " + days;
    }

    /** Whose campaigns: "Các chiến dịch do Sở Tư pháp ban hành có hạn hoàn thành trong kỳ: 3." */
    static String scope(Scorecard s) {
        return "Các chiến dịch " + (s.issuerName() == null ? "" : "do " + s.issuerName() + " ban hành ")
                + "có hạn hoàn thành trong kỳ (không tính chiến dịch đã hủy): " + s.campaigns() + ".";
    }

    /** "85,7%" (Vietnamese decimal comma); "–" when nothing was due yet. */
    static String percent(Double rate) {
        return rate == null ? "–" : String.format(java.util.Locale.forLanguageTag("vi-VN"), "%.1f%%", rate * 100);
    }

    static String asOf(Instant asOf) {
        return "Số liệu tính đến " + TIME.format(asOf) + ".";
    }

    /**
     * How to read the figures, printed under the table: on time = proof of publication no later than the campaign's
     * due time.
     */
    static final String RULES = "Đúng hạn: có bằng chứng đăng tải (đã đăng, đã được lấy tin, đã hiển thị) không muộn hơn hạn hoàn thành "
            + "của chiến dịch; trễ hạn: đăng tải sau hạn; chưa thực hiện: đến nay chưa đăng tải và đã quá hạn; "
            + "chưa đến hạn: không tính vào tỷ lệ. Kênh đã thu hồi không tính.";
}
