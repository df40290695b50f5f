package vn.govcomm.gateway.audit;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;

/**
 * Who did what, when: one structured log line per mutating call (logger {@code govcomm.audit}, key=value
 * fields, shipped with the other logs to the log store which is the durable record) and the last
 * {@code capacity} entries in memory for {@code GET /api/audit/gateway}. The gateway has no database; the
 * campaign service keeps its own durable trail of decisions.
 */
public class AuditLog {

    private static final Logger log = LoggerFactory.getLogger("govcomm.audit");

    private final int capacity;
    private final Deque<Entry> entries = new ArrayDeque<>();

    public AuditLog(Properties properties) {
        this.capacity = properties.capacity();
    }

    /** @param action what was done in domain words (approve, reject, submit, credentials-change...) */
    public record Entry(Instant at, String actor, String roles, String agency, String action, String method,
                        String path, int status, String clientIp, String via) {
    }

    @ConfigurationProperties("govcomm.audit")
    public record Properties(@DefaultValue("1000") int capacity) {
    }

    public void record(Entry entry) {
        log.info("audit at={} actor={} roles={} agency={} action={} method={} path={} status={} ip={} via={}",
                entry.at(), entry.actor(), entry.roles(), entry.agency(), entry.action(), entry.method(),
                entry.path(), entry.status(), entry.clientIp(), entry.via());
        synchronized (entries) {
            entries.addFirst(entry);
            while (entries.size() > capacity) {
                entries.removeLast();
            }
        }
    }

    /** Newest first. */
    public List<Entry> recent(int limit) {
        synchronized (entries) {
            return new ArrayList<>(entries).subList(0, Math.min(limit, entries.size()));
        }
    }

    /** The domain action of a mutating request, from its method and path. */
    public static String action(String method, String path) {
        String[] parts = path.split("/");
        String last = parts.length == 0 ? "" : parts[parts.length - 1];
        if (path.contains("/credentials") || path.contains("/tokens")) {
            return "credentials-change";
        }
        return switch (last) {
            case "approve", "reject", "cancel", "submit", "resend-failed", "retract" -> last;
            default -> switch (method) {
                case "POST" -> "create";
                case "PUT", "PATCH" -> "update";
                case "DELETE" -> "delete";
                default -> method.toLowerCase();
            };
        };
    }
}
