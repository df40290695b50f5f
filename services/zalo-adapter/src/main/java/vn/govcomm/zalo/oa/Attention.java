package vn.govcomm.zalo.oa;

/** Why an OA needs an operator, as the {@code reason} tag of {@code govcomm.endpoints.attention} and for officers. */
public enum Attention {
    TOKEN_EXPIRED("token_expired", "ZALO_TOKEN_INVALID",
            "Mã truy cập OA không hợp lệ: kết nối lại OA. / OA access token invalid: reconnect the OA."),
    REFRESH_TOKEN_INVALID("refresh_token_invalid", "ZALO_REFRESH_TOKEN_INVALID",
            "Mã làm mới của OA đã hết hiệu lực hoặc đã dùng: kết nối lại OA. / "
                    + "OA refresh token invalid or already used: reconnect the OA."),
    APP_CREDENTIALS("app_credentials", "ZALO_APP_CREDENTIALS",
            "Zalo từ chối app id hoặc secret key: kết nối lại OA. / "
                    + "Zalo rejected the app id or secret key: reconnect the OA."),
    NOT_CONNECTED("not_connected", "ZALO_OA_NOT_CONNECTED",
            "OA chưa được kết nối với hệ thống: quản trị viên cần kết nối OA. / "
                    + "The OA is not connected: an administrator must connect it."),
    CREDENTIALS_UNREADABLE("credentials_unreadable", "ZALO_CREDENTIALS_UNREADABLE",
            "Không giải mã được thông tin xác thực OA (khóa mã hóa đã đổi?): kết nối lại OA. / "
                    + "OA credentials cannot be decrypted (encryption key changed?): reconnect the OA.");

    private final String tag;
    private final String reasonCode;
    private final String message;

    Attention(String tag, String reasonCode, String message) {
        this.tag = tag;
        this.reasonCode = reasonCode;
        this.message = message;
    }

    public String tag() {
        return tag;
    }

    public String message() {
        return message;
    }

    ZaloCallException failure(int code) {
        return new ZaloCallException(ZaloCallException.Kind.PERMANENT, code, reasonCode, message, null);
    }
}
