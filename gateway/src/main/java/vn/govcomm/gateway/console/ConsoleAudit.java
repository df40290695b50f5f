package vn.govcomm.gateway.console;

import org.springframework.stereotype.Component;
import org.springframework.web.context.request.RequestContextHolder;
import org.springframework.web.context.request.ServletRequestAttributes;
import vn.govcomm.gateway.audit.AuditLog;
import vn.govcomm.gateway.edge.EdgeRequest;
import vn.govcomm.gateway.security.Identity;

import java.time.Clock;
import java.time.Instant;

/** Console actions reach the services directly, not through a route, so the gateway audits them here ({@code via console}). */
@Component
class ConsoleAudit {

    private final AuditLog audit;
    private final Clock clock = Clock.systemUTC();

    ConsoleAudit(AuditLog audit) {
        this.audit = audit;
    }

    void record(Identity me, String action, String path, int status) {
        String client = RequestContextHolder.getRequestAttributes() instanceof ServletRequestAttributes current
                ? EdgeRequest.of(current.getRequest()).clientAddress() : "-";
        audit.record(new AuditLog.Entry(Instant.now(clock), me.userId(), String.join(",", me.roles()),
                me.agency() == null ? "-" : me.agency(), action, "POST", path, status, client, "console"));
    }
}
