package vn.govcomm.kit.deadletters;

import org.springframework.http.HttpStatus;
import vn.govcomm.kit.web.ApiProblem;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A replay that did not end as {@code replayed}; the record is pending again (or, for {@code replay-unrecorded},
 * replaying until the lease ends). Rendered by {@link DeadLetterController} as problem details with the members
 * below and, where trying again later makes sense, {@code Retry-After}.
 */
final class ReplayProblem extends ApiProblem {

    private final Integer retryAfterSeconds;
    private final Map<String, Object> members;

    private ReplayProblem(HttpStatus status, String code, String detail, Integer retryAfterSeconds,
                          Map<String, Object> members) {
        super(status, code, detail);
        this.retryAfterSeconds = retryAfterSeconds;
        this.members = members;
    }

    /**
     * The listener threw again: 422 {@code replay-failed} naming its exception; or, when that exception is an
     * outage of the store or the broker (nothing about the record), 503 {@code replay-unavailable}, Retry-After 30.
     */
    static ReplayProblem failed(RecordId id, DeadLetterReplays.Failure failure) {
        Map<String, Object> members = new LinkedHashMap<>();
        members.put("id", id.toString());
        members.put("exceptionClass", failure.exceptionClass());
        members.put("causeClass", failure.causeClass());
        members.put("exceptionMessage", failure.message());
        if (failure.outage()) {
            return new ReplayProblem(HttpStatus.SERVICE_UNAVAILABLE, "replay-unavailable", "Kho dữ liệu hoặc Kafka "
                    + "không sẵn sàng khi xử lý lại bản ghi " + id + " (" + failure.describe() + "); bản ghi vẫn chờ xử lý, "
                    + "hãy thử lại sau. / The store or the broker was unavailable while dead letter " + id
                    + " was processed again (" + failure.describe() + "); it is still pending, try again later.",
                    30, members);
        }
        return new ReplayProblem(HttpStatus.UNPROCESSABLE_CONTENT, "replay-failed", "Bản ghi " + id
                + " vẫn lỗi khi xử lý lại: " + failure.describe() + ". Bản ghi vẫn chờ xử lý. / Dead letter " + id
                + " failed again: " + failure.describe() + ". It is still pending.", null, members);
    }

    /** The replay worker was busy with earlier replays until the deadline: this one never started. */
    static ReplayProblem busy(RecordId id) {
        return new ReplayProblem(HttpStatus.SERVICE_UNAVAILABLE, "replay-busy", "Dịch vụ đang xử lý lại các bản ghi "
                + "khác; bản ghi " + id + " chưa được xử lý và vẫn chờ, hãy thử lại sau. / The service is still "
                + "replaying other dead letters; " + id + " was not started and is still pending, try again later.",
                30, Map.of("id", id.toString()));
    }

    /** The listener took the record, but the store did not take the record of it. */
    static ReplayProblem unrecorded(RecordId id, String error) {
        return new ReplayProblem(HttpStatus.SERVICE_UNAVAILABLE, "replay-unrecorded", "Bản ghi " + id + " đã được xử "
                + "lý lại nhưng không ghi được kết quả (" + error + "); bản ghi hiện “đang xử lý lại” cho đến hết thời "
                + "hạn giữ chỗ. / Dead letter " + id + " was processed again but its replay could not be recorded ("
                + error + "); it shows replaying until the replay lease ends.", null, Map.of("id", id.toString()));
    }

    Integer retryAfterSeconds() {
        return retryAfterSeconds;
    }

    Map<String, Object> members() {
        return members;
    }
}
