package vn.govcomm.local;

import vn.govcomm.campaign.CampaignServiceApplication;
import vn.govcomm.email.EmailAdapterApplication;
import vn.govcomm.facebook.FacebookAdapterApplication;
import vn.govcomm.gateway.GatewayApplication;
import vn.govcomm.led.LedAdapterApplication;
import vn.govcomm.manual.ManualAdapterApplication;
import vn.govcomm.notification.NotificationServiceApplication;
import vn.govcomm.portal.PortalAdapterApplication;
import vn.govcomm.publishing.NoticePublishingApplication;
import vn.govcomm.reporting.ReportingApplication;
import vn.govcomm.zalo.ZaloAdapterApplication;

/** The platform's services as the launcher starts them; ports are the ones production manifests use too. */
public enum PlatformService {
    CAMPAIGN("campaign-service", CampaignServiceApplication.class, 8081, "CAMPAIGN_SERVICE_URL"),
    PUBLISHING("notice-publishing-service", NoticePublishingApplication.class, 8082, "PUBLISHING_SERVICE_URL"),
    PORTAL("portal-adapter", PortalAdapterApplication.class, 8083, "PORTAL_ADAPTER_URL"),
    FACEBOOK("facebook-adapter", FacebookAdapterApplication.class, 8084, "FACEBOOK_ADAPTER_URL"),
    ZALO("zalo-adapter", ZaloAdapterApplication.class, 8085, "ZALO_ADAPTER_URL"),
    LED("led-adapter", LedAdapterApplication.class, 8086, "LED_ADAPTER_URL"),
    REPORTING("reporting-service", ReportingApplication.class, 8087, "REPORTING_SERVICE_URL"),
    MANUAL("manual-adapter", ManualAdapterApplication.class, 8088, "MANUAL_ADAPTER_URL"),
    EMAIL("email-adapter", EmailAdapterApplication.class, 8089, "EMAIL_ADAPTER_URL"),
    NOTIFICATIONS("notification-service", NotificationServiceApplication.class, 8090, "NOTIFICATION_SERVICE_URL"),
    GATEWAY("gateway", GatewayApplication.class, 8080, null);

    private final String serviceName;
    private final Class<?> application;
    private final int defaultPort;
    private final String urlVariable;

    PlatformService(String serviceName, Class<?> application, int defaultPort, String urlVariable) {
        this.serviceName = serviceName;
        this.application = application;
        this.defaultPort = defaultPort;
        this.urlVariable = urlVariable;
    }

    public String serviceName() {
        return serviceName;
    }

    public Class<?> application() {
        return application;
    }

    public int defaultPort() {
        return defaultPort;
    }

    /** The gateway's route variable pointing at this service (null for the gateway itself). */
    String urlVariable() {
        return urlVariable;
    }
}
