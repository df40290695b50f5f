package vn.govcomm.reporting.exports;

import vn.govcomm.contracts.Channels;
import vn.govcomm.kit.delivery.DeliveryStatus;
import vn.govcomm.reporting.compliance.Compliance;

import java.util.Arrays;
import java.util.Map;
import java.util.stream.Collectors;

/** Vietnamese wording an official reads in the exports and the follow-up report. */
public final class Labels {

    /** The name of every channel of {@code Channels.ALL} (a test keeps them equal). */
    static final Map<String, String> CHANNELS = Map.of(Channels.PORTAL, "Cổng/Trang TTĐT", Channels.FACEBOOK, "Facebook",
            Channels.ZALO, "Zalo OA", Channels.LED, "Màn hình LED",
            // notice boards, loudspeakers, E-Office, press...: the agency publishes and confirms with evidence
            Channels.MANUAL, "Kênh khác (cơ quan xác nhận)", Channels.EMAIL, "Thư điện tử");

    /** The name of every status of the kit's {@link DeliveryStatus}, by its wire name. */
    private static final Map<String, String> STATUSES = Arrays.stream(DeliveryStatus.values())
            .collect(Collectors.toUnmodifiableMap(DeliveryStatus::name, Labels::status));

    static final String[] COMPLIANCE_HEADERS_BEFORE = {"STT", "Mã cơ quan", "Tên cơ quan, đơn vị", "Loại cơ quan", "Kết quả"};
    static final String COMPLIANCE_REASONS = "Lý do chưa hoàn thành";
    static final String REMINDED = "Đã nhắc";
    /** The column of the merged or renamed agencies an agency's row includes (every XLSX/CSV; text: {@code Predecessors}). */
    public static final String PREDECESSORS = "Gồm cả cơ quan đã sáp nhập/đổi tên";

    static final String[] DELIVERY_HEADERS = {"Mã lượt phát hành", "Mã cơ quan", "Tên cơ quan, đơn vị", "Kênh",
            "Điểm phát hành", "Trạng thái", "Lần gửi", "Thời điểm cập nhật", "Mã lý do", "Lý do", "Liên kết",
            "Chuyển từ cơ quan (đã sáp nhập/đổi tên)"};

    private Labels() {
    }

    public static String channel(String channel) {
        return CHANNELS.getOrDefault(channel, channel);
    }

    /** The Vietnamese name of a stored status (a name the kit does not know prints as it is). */
    public static String status(String status) {
        return STATUSES.getOrDefault(status, status);
    }

    static String status(DeliveryStatus status) {
        return switch (status) {
            case PENDING -> "Chờ gửi";
            case DISPATCHED -> "Đã chuyển đến kênh";
            case RETRYING -> "Đang thử lại";
            case ACCEPTED -> "Kênh đã tiếp nhận";
            case PUBLISHED -> "Đã đăng";
            case FETCHED -> "Cổng đã lấy tin";
            case DISPLAYED -> "Đã hiển thị";
            case FAILED -> "Thất bại";
            case EXPIRED -> "Hết hạn";
            case CANCELLED -> "Đã hủy";
        };
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
