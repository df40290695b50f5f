package vn.govcomm.portal;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;

import java.time.Duration;

/**
 * Settings of the portal adapter ({@code govcomm.portal.*}).
 *
 * @param publicBaseUrl where portals reach the feeds (the gateway), used in self/hub links and WebSub topics
 * @param siteUrl       the platform's public site, the RSS channel link
 * @param feedSize      newest entries (tombstones included) in a feed document
 * @param maxAge        Cache-Control max-age of feed answers
 * @param renderCacheSize rendered feed documents kept per instance (0 = render every 200)
 */
@ConfigurationProperties("govcomm.portal")
public record PortalProperties(
        @DefaultValue("http://localhost:8080") String publicBaseUrl,
        @DefaultValue("https://govcomm.khanhhoa.gov.vn") String siteUrl,
        @DefaultValue("100") int feedSize,
        @DefaultValue("60s") Duration maxAge,
        @DefaultValue("1s") Duration versionCacheTtl,
        @DefaultValue("5s") Duration credentialCacheTtl,
        @DefaultValue("512") int renderCacheSize,
        @DefaultValue WebSub websub) {

    public PortalProperties {
        publicBaseUrl = publicBaseUrl.endsWith("/") ? publicBaseUrl.substring(0, publicBaseUrl.length() - 1) : publicBaseUrl;
    }

    /**
     * @param maxRequestSize the largest body {@code POST /feeds/hub} reads (an anonymous, small form post)
     */
    public record WebSub(@DefaultValue("10d") Duration defaultLease, @DefaultValue("30d") Duration maxLease,
                         @DefaultValue("8KB") DataSize maxRequestSize) {
    }
}
