package vn.govcomm.facebook.graph;

/**
 * A Graph call that did not succeed, classified by the body's {@code error.code} (never by HTTP status).
 * {@link Kind#NO_ANSWER} means we do not know whether the call took effect (timeout, dropped connection, a proxy
 * page): a POST must be looked up before it is sent again.
 */
public final class GraphFailure extends RuntimeException {

    public enum Kind { RETRYABLE, PERMANENT, NO_ANSWER }

    /** What a permanent error means for the Page, when it is about the Page rather than the content. */
    public enum Attention {
        TOKEN_EXPIRED("token_expired", "FB_TOKEN_EXPIRED"),
        PERMISSION("permission", "FB_PERMISSION"),
        POLICY_BLOCKED("policy_blocked", "FB_POLICY_BLOCKED");

        private final String metricReason;
        private final String reasonCode;

        Attention(String metricReason, String reasonCode) {
            this.metricReason = metricReason;
            this.reasonCode = reasonCode;
        }

        public String metricReason() {
            return metricReason;
        }

        public String reasonCode() {
            return reasonCode;
        }
    }

    private final Kind kind;
    private final int code;
    private final Integer subcode;
    private final boolean rateLimited;

    public GraphFailure(Kind kind, int code, Integer subcode, boolean rateLimited, String message) {
        super(message);
        this.kind = kind;
        this.code = code;
        this.subcode = subcode;
        this.rateLimited = rateLimited;
    }

    public static GraphFailure noAnswer(String message) {
        return new GraphFailure(Kind.NO_ANSWER, -1, null, false, message);
    }

    public Kind kind() {
        return kind;
    }

    /** Graph's error code; -1 when there was no Graph answer. */
    public int code() {
        return code;
    }

    public Integer subcode() {
        return subcode;
    }

    public boolean rateLimited() {
        return rateLimited;
    }

    public boolean permanent() {
        return kind == Kind.PERMANENT;
    }

    /** A temporary Graph error (1, 2, transient codes) that is not a rate limit: worth a few quick retries. */
    public boolean temporary() {
        return kind == Kind.RETRYABLE && !rateLimited;
    }

    /** Graph code 100 / subcode 33: the object does not exist (or is no longer visible). */
    public boolean noSuchObject() {
        return code == 100 && subcode != null && subcode == 33;
    }

    public Attention attention() {
        if (kind != Kind.PERMANENT) {
            return null;
        }
        if (code == 190 || code == 102 || code == 104) {
            return Attention.TOKEN_EXPIRED;
        }
        if (code == 10 || (code >= 200 && code <= 299)) {
            return Attention.PERMISSION;
        }
        if (code == 368) {
            return Attention.POLICY_BLOCKED;
        }
        return null;
    }

    /** Machine reason code of a delivery that failed with this error. */
    public String reasonCode() {
        Attention attention = attention();
        if (attention != null) {
            return attention.reasonCode();
        }
        if (kind == Kind.NO_ANSWER) {
            return "FB_NO_ANSWER";
        }
        if (rateLimited) {
            return "RATE_LIMITED";
        }
        return switch (code) {
            case 506 -> "FB_DUPLICATE";
            case 1609005 -> "FB_LINK_NOT_SCRAPED";
            case 1, 2 -> "FB_UNAVAILABLE";
            default -> "FB_" + code;
        };
    }

    /** What an officer reads (Vietnamese / English) and should do. */
    public String officerReason() {
        Attention attention = attention();
        if (attention == Attention.TOKEN_EXPIRED) {
            String why = switch (subcode == null ? 0 : subcode) {
                case 458 -> " (ứng dụng bị gỡ khỏi tài khoản / app removed)";
                case 459 -> " (tài khoản bị Facebook kiểm tra / account checkpoint)";
                case 460 -> " (mật khẩu đã đổi / password changed)";
                case 463 -> " (hết hạn / expired)";
                default -> "";
            };
            return "Mã truy cập Trang đã hết hạn hoặc bị thu hồi" + why + ": hãy kết nối lại Trang. "
                    + "/ Page token expired: reconnect the Page.";
        }
        if (attention == Attention.PERMISSION) {
            return "Tài khoản kết nối thiếu quyền đăng bài trên Trang: cấp quyền pages_manage_posts rồi kết nối lại. "
                    + "/ Missing permission to post on the Page: grant pages_manage_posts and reconnect the Page.";
        }
        if (attention == Attention.POLICY_BLOCKED) {
            return "Facebook tạm chặn Trang đăng bài (vi phạm chính sách): liên hệ quản trị viên Trang. "
                    + "/ Facebook temporarily blocked posting on this Page: contact the Page admin.";
        }
        return switch (reasonCode()) {
            case "FB_DUPLICATE" -> "Facebook từ chối vì bài trùng với bài đã đăng: sửa nội dung rồi gửi lại. "
                    + "/ Duplicate post: change the content and re-send.";
            case "FB_LINK_NOT_SCRAPED" -> "Facebook không đọc được liên kết trong bài: kiểm tra liên kết. "
                    + "/ Facebook could not load the link: check it.";
            case "RATE_LIMITED" -> "Trang đã gọi Facebook quá nhiều: hãy gửi lại sau ít phút. "
                    + "/ Facebook rate limit reached for this Page: re-send in a few minutes.";
            case "FB_NO_ANSWER", "FB_UNAVAILABLE" -> "Facebook tạm thời không phản hồi: hãy gửi lại sau. "
                    + "/ Facebook is temporarily unavailable: re-send later.";
            default -> "Facebook từ chối bài đăng (mã " + code + "). / Facebook refused the post (code " + code + ").";
        };
    }

    @Override
    public String toString() {
        return "GraphFailure[" + kind + " code=" + code + (subcode == null ? "" : "/" + subcode) + "] " + getMessage();
    }
}
