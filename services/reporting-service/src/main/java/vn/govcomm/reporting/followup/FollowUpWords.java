package vn.govcomm.reporting.followup;

import java.time.Instant;
import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.util.List;

/** The wording shared by the follow-up's XLSX and print page (Vietnamese, as the official appendix is written). */
final class FollowUpWords {

    static final String HEADING = "DANH SÁCH CƠ QUAN, ĐƠN VỊ CHƯA THỰC HIỆN TUYÊN TRUYỀN";
    static final DateTimeFormatter DAY = DateTimeFormatter.ofPattern("dd/MM/yyyy").withZone(FollowUpView.VIETNAM);
    static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HH:mm 'ngày' dd/MM/yyyy").withZone(FollowUpView.VIETNAM);

    private FollowUpWords() {
    }

    /** "Thông báo ... (số hiệu SNV-CCHC-2023-09)". */
    static String campaign(FollowUp f) {
        return nullToEmpty(f.title()) + (f.code() == null ? "" : " (số hiệu " + f.code() + ")");
    }

    /** "Căn cứ: ...; hạn hoàn thành: dd/MM/yyyy." (empty parts left out). */
    static String basis(FollowUp f) {
        StringBuilder sb = new StringBuilder();
        if (!f.legalReferences().isEmpty()) {
            sb.append("Căn cứ: ").append(String.join("; ", f.legalReferences())).append(". ");
        }
        if (f.deadline() != null) {
            sb.append("Hạn hoàn thành: ").append(DAY.format(f.deadline()))
                    .append(f.deadlinePassed() ? " (đã hết hạn)." : " (chưa đến hạn).");
        }
        return sb.toString().strip();
    }

    static String asOf(Instant asOf) {
        return "Số liệu tính đến " + TIME.format(asOf) + ".";
    }

    static String period(LocalDate from, LocalDate to) {
        DateTimeFormatter day = DateTimeFormatter.ofPattern("dd/MM/yyyy");
        return "Các chiến dịch có hạn hoàn thành từ ngày " + day.format(from) + " đến ngày " + day.format(to);
    }

    /**
     * A channel not complied with and, where known, what it names: "Kênh khác (cơ quan xác nhận): Bảng tin Bộ phận
     * Một cửa" (endpoint ids are not for paper).
     */
    static String channel(FollowUp.Gap gap) {
        return gap.channelName() + (gap.endpointNames().isEmpty() ? "" : ": " + String.join(", ", gap.endpointNames()));
    }

    static String totals(List<FollowUp> followUps) {
        int listed = followUps.stream().mapToInt(FollowUp::nonCompliantAgencies).sum();
        int targets = followUps.stream().mapToInt(FollowUp::targetAgencies).sum();
        return "Tổng số: " + listed + " cơ quan, đơn vị chưa thực hiện / " + targets + " cơ quan, đơn vị được yêu cầu.";
    }

    static String nullToEmpty(String s) {
        return s == null ? "" : s;
    }
}
