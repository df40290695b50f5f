package vn.govcomm.gateway;

import org.junit.jupiter.api.Test;
import vn.govcomm.gateway.audit.AuditLog;

import static org.assertj.core.api.Assertions.assertThat;

class AuditActionUnitTests {

    @Test
    void namesTheDomainActionOfAMutatingRequest() {
        assertThat(AuditLog.action("POST", "/api/campaigns/c1/approve")).isEqualTo("approve");
        assertThat(AuditLog.action("POST", "/api/campaigns/c1/reject")).isEqualTo("reject");
        assertThat(AuditLog.action("PUT", "/api/facebook/endpoints/p1/credentials")).isEqualTo("credentials-change");
        assertThat(AuditLog.action("POST", "/api/publications/c1/deliveries/d1/resend")).isEqualTo("resend");
        assertThat(AuditLog.action("POST", "/api/campaigns")).isEqualTo("create");
        assertThat(AuditLog.action("DELETE", "/api/agencies/x")).isEqualTo("delete");
        assertThat(AuditLog.action("POST", "/api/dead-letters/reporting-service/topics/campaign.events.DLT/records/0-4/replay"))
                .isEqualTo("dead-letter-replay");
        assertThat(AuditLog.action("POST", "/api/dead-letters/reporting-service/topics/campaign.events.DLT/replay"))
                .isEqualTo("dead-letter-replay");
        assertThat(AuditLog.action("POST", "/api/dead-letters/zalo-adapter/topics/delivery.requests.zalo.DLT/records/3-9/discard"))
                .isEqualTo("dead-letter-discard");
        assertThat(AuditLog.action("POST", "/api/manual/tasks/dlv-1/evidence")).isEqualTo("evidence-submit");
        assertThat(AuditLog.action("POST", "/api/manual/tasks/dlv-1/review")).isEqualTo("evidence-review");
        assertThat(AuditLog.action("POST", "/api/agencies/import")).isEqualTo("directory-import");
    }
}
