package vn.govcomm.gateway.audit;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

import java.time.Duration;
import java.time.Instant;

/**
 * Who did what, when: one structured log line per mutating call (logger {@code govcomm.audit}, key=value fields,
 * shipped with the other logs) and the same entry in the durable {@link AuditStore} (MongoDB, retention by TTL)
 * behind {@code GET /api/audit/gateway}. Recording never fails or delays the request: the store is written in the
 * background. The campaign service keeps its own trail of decisions besides.
 */
public class AuditLog {

    private static final Logger log = LoggerFactory.getLogger("govcomm.audit");

    private final AuditStore store;

    public AuditLog(AuditStore store) {
        this.store = store;
    }

    /** @param action what was done in domain words (approve, reject, submit, credentials-change...) */
    public record Entry(Instant at, String actor, String roles, String agency, String action, String method,
                        String path, int status, String clientIp, String via) {
    }

    /**
     * {@code govcomm.audit.*}.
     *
     * @param database      the gateway's database (the cluster is {@code spring.mongodb.uri})
     * @param retention     how long entries are kept (TTL index on {@code at})
     * @param queueCapacity entries waiting for the store at most; beyond, they are counted and only logged
     */
    @ConfigurationProperties("govcomm.audit")
    public record Properties(@DefaultValue("govcomm_gateway") String database,
                             @DefaultValue("P400D") Duration retention,
                             @DefaultValue("10000") int queueCapacity) {
    }

    public void record(Entry entry) {
        log.info("audit at={} actor={} roles={} agency={} action={} method={} path={} status={} ip={} via={}",
                entry.at(), entry.actor(), entry.roles(), entry.agency(), entry.action(), entry.method(),
                entry.path(), entry.status(), entry.clientIp(), entry.via());
        try {
            store.append(entry);
        } catch (RuntimeException e) {
            log.warn("Audit entry not queued for the store: {}", e.toString());
        }
    }

    public AuditStore.Page find(AuditStore.Query query) {
        return store.find(query);
    }

    /** The domain action of a mutating request, from its method and path. */
    public static String action(String method, String path) {
        String[] parts = path.split("/");
        String last = parts.length == 0 ? "" : parts[parts.length - 1];
        if (path.contains("/credentials") || path.contains("/tokens")) {
            return "credentials-change";
        }
        if (path.startsWith("/api/dead-letters/") && (last.equals("replay") || last.equals("discard"))) {
            return "dead-letter-" + last;
        }
        if (path.equals("/api/agencies/import") && "POST".equals(method)) {
            return "directory-import";
        }
        if (path.startsWith("/api/manual/tasks/") && "POST".equals(method)
                && (last.equals("evidence") || last.equals("review"))) {
            return last.equals("evidence") ? "evidence-submit" : "evidence-review";
        }
        return switch (last) {
            case "approve", "reject", "cancel", "submit", "resend", "resend-failed", "retract" -> last;
            default -> switch (method) {
                case "POST" -> "create";
                case "PUT", "PATCH" -> "update";
                case "DELETE" -> "delete";
                default -> method.toLowerCase();
            };
        };
    }
}
