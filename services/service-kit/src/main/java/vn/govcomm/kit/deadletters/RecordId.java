package vn.govcomm.kit.deadletters;

import org.springframework.http.HttpStatus;
import vn.govcomm.kit.web.ApiProblem;

import java.util.Comparator;

/** Where a dead letter sits in its DLT: {@code <partition>-<offset>}, its id in the API. */
record RecordId(int partition, long offset) implements Comparable<RecordId> {

    private static final Comparator<RecordId> ORDER = Comparator.comparingInt(RecordId::partition)
            .thenComparingLong(RecordId::offset);

    static RecordId parse(String id) {
        int dash = id == null ? -1 : id.indexOf('-');
        try {
            if (dash > 0 && dash < 6 && id.length() - dash < 21) {
                RecordId parsed = new RecordId(Integer.parseInt(id.substring(0, dash)), Long.parseLong(id.substring(dash + 1)));
                if (parsed.partition >= 0 && parsed.offset >= 0) {
                    return parsed;
                }
            }
        } catch (NumberFormatException e) {
            // answered below
        }
        throw new ApiProblem(HttpStatus.BAD_REQUEST, "bad-record-id", "Mã bản ghi không hợp lệ (dạng <phân vùng>-<vị trí>). "
                + "/ A record id is <partition>-<offset>, e.g. 0-42.");
    }

    /** The key of its action in the store: the DLT, the partition and the offset. */
    String key(String deadLetterTopic) {
        return deadLetterTopic + "/" + partition + "/" + offset;
    }

    @Override
    public String toString() {
        return partition + "-" + offset;
    }

    @Override
    public int compareTo(RecordId other) {
        return ORDER.compare(this, other);
    }
}
