package vn.govcomm.facebook.pages;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Configuration;

import java.util.Map;

/**
 * Walking skeleton: Page access tokens from configuration ({@code govcomm.facebook.page-tokens.<pageId>}),
 * one per Page as Facebook issues them. Replaced by encrypted per-Page credentials (issue "Push channels").
 */
@ConfigurationProperties("govcomm.facebook")
record PageTokens(Map<String, String> pageTokens) {

    PageTokens {
        pageTokens = pageTokens == null ? Map.of() : Map.copyOf(pageTokens);
    }

    String tokenFor(String pageId) {
        String token = pageTokens.get(pageId);
        if (token == null) {
            throw new IllegalStateException("No Page token configured for Page " + pageId);
        }
        return token;
    }

    @Configuration(proxyBeanMethods = false)
    @EnableConfigurationProperties(PageTokens.class)
    static class Config {
    }
}
