package vn.govcomm.reporting.exports;

import vn.govcomm.reporting.compliance.Compliance;

import java.util.Map;

/** Vietnamese wording an official reads in the exports. */
final class Labels {

    static final Map<String, String> CHANNELS = Map.of("portal", "Cổng/Trang TTĐT", "facebook", "Facebook",
            "zalo", "Zalo OA", "led", "Màn hình LED");

    static final Map<String, String> STATUSES = Map.ofEntries(Map.entry("PENDING", "Chờ gửi"),
            Map.entry("DISPATCHED", "Đã chuyển đến kênh"), Map.entry("RETRYING", "Đang thử lại"),
            Map.entry("ACCEPTED", "Kênh đã tiếp nhận"), Map.entry("PUBLISHED", "Đã đăng"),
            Map.entry("FETCHED", "Cổng đã lấy tin"), Map.entry("DISPLAYED", "Đã hiển thị"),
            Map.entry("FAILED", "Thất bại"), Map.entry("EXPIRED", "Hết hạn"), Map.entry("CANCELLED", "Đã hủy"));

    static final String[] COMPLIANCE_HEADERS_BEFORE = {"STT", "Mã cơ quan", "Tên cơ quan, đơn vị", "Loại cơ quan", "Kết quả"};
    static final String COMPLIANCE_REASONS = "Lý do chưa hoàn thành";

    static final String[] DELIVERY_HEADERS = {"Mã lượt phát hành", "Mã cơ quan", "Tên cơ quan, đơn vị", "Kênh",
            "Điểm phát hành", "Trạng thái", "Lần gửi", "Thời điểm cập nhật", "Mã lý do", "Lý do", "Liên kết"};

    private Labels() {
    }

    static String channel(String channel) {
        return CHANNELS.getOrDefault(channel, channel);
    }

    static String status(String status) {
        return STATUSES.getOrDefault(status, status);
    }

    static String state(Compliance.State state) {
        return switch (state) {
            case COMPLIED -> "Đã hoàn thành";
            case NON_COMPLIANT -> "Chưa thực hiện";
            case IN_PROGRESS -> "Đang thực hiện";
            case NOT_REQUIRED -> "Không yêu cầu";
        };
    }

    static String reasons(Compliance.AgencyRow row) {
        return String.join("; ", row.reasons().stream()
                .map(r -> channel(r.channel()) + ": " + r.message() + " [" + r.code() + "]").toList());
    }
}
