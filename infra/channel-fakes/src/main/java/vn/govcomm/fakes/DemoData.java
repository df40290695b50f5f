package vn.govcomm.fakes;

import java.util.List;

/**
 * The fixed demo credentials the local launcher's configuration can refer to. They only ever exist inside these
 * fakes.
 */
public final class DemoData {

    public static final String FACEBOOK_PAGE_1 = "1000000000000001";
    public static final String FACEBOOK_PAGE_1_NAME = "Sở Thông tin và Truyền thông Khánh Hòa";
    public static final String FACEBOOK_PAGE_1_TOKEN = "demo-fb-page-token-1";
    public static final String FACEBOOK_PAGE_2 = "1000000000000002";
    public static final String FACEBOOK_PAGE_2_NAME = "UBND tỉnh Khánh Hòa";
    public static final String FACEBOOK_PAGE_2_TOKEN = "demo-fb-page-token-2";

    public static final String ZALO_APP_ID = "1000000000000000001";
    public static final String ZALO_SECRET_KEY = "demo-zalo-secret-key";
    public static final String ZALO_ACCESS_TOKEN = "demo-zalo-access-token";
    public static final String ZALO_REFRESH_TOKEN = "demo-zalo-refresh-token";
    public static final String ZALO_OA_ID = "2000000000000000002";
    public static final String ZALO_ZNS_TEMPLATE = "100001";
    public static final List<String> ZALO_ZNS_TEMPLATE_PARAMS = List.of("notice_title", "agency_name");

    public static final String XIBO_CLIENT_ID = "demo-xibo-client";
    public static final String XIBO_CLIENT_SECRET = "demo-xibo-secret";
    public static final List<String> XIBO_DISPLAYS = List.of("Sảnh Trung tâm Phục vụ hành chính công",
            "Quầy Một cửa - Sở Tư pháp", "Quầy Một cửa - UBND TP Nha Trang");
    public static final String XIBO_ALL_SCREENS_GROUP = "Tất cả màn hình";

    public static final String WORDPRESS_USER = "portal-bot";
    public static final String WORDPRESS_APP_PASSWORD = "demo abcd efgh ijkl mnop qrst";

    public static final String WEBSUB_SECRET = "demo-websub-secret";

    private DemoData() {
    }

    static void seed(ChannelFakes fakes) {
        fakes.facebook().registerPage(FACEBOOK_PAGE_1, FACEBOOK_PAGE_1_NAME, FACEBOOK_PAGE_1_TOKEN);
        fakes.facebook().registerPage(FACEBOOK_PAGE_2, FACEBOOK_PAGE_2_NAME, FACEBOOK_PAGE_2_TOKEN);

        fakes.zalo().registerApp(ZALO_APP_ID, ZALO_SECRET_KEY);
        fakes.zalo().seedTokens(ZALO_APP_ID, ZALO_ACCESS_TOKEN, ZALO_REFRESH_TOKEN);
        fakes.zalo().registerZnsTemplate(ZALO_ZNS_TEMPLATE, ZALO_ZNS_TEMPLATE_PARAMS.toArray(String[]::new));

        fakes.xibo().registerClient(XIBO_CLIENT_ID, XIBO_CLIENT_SECRET);
        int[] displays = XIBO_DISPLAYS.stream().mapToInt(fakes.xibo()::addDisplay).toArray();
        fakes.xibo().addDisplayGroup(XIBO_ALL_SCREENS_GROUP, displays);

        fakes.wordpress().addUser(WORDPRESS_USER, WORDPRESS_APP_PASSWORD);

        fakes.websub().secret(WEBSUB_SECRET);
    }

    /** Human-readable URLs and credentials, as ChannelFakesMain prints them. */
    public static String describe(ChannelFakes fakes) {
        String graph = fakes.facebook().baseUrl() + "/" + fakes.facebook().settings().version();
        return String.join(System.lineSeparator(),
                "Channel fakes are running (Ctrl-C to stop).",
                "  Facebook Graph : " + graph,
                "      page " + FACEBOOK_PAGE_1 + " token " + FACEBOOK_PAGE_1_TOKEN,
                "      page " + FACEBOOK_PAGE_2 + " token " + FACEBOOK_PAGE_2_TOKEN,
                "  Zalo (oauth + openapi + ZNS) : " + fakes.zalo().baseUrl(),
                "      app_id " + ZALO_APP_ID + " secret_key " + ZALO_SECRET_KEY,
                "      access_token " + ZALO_ACCESS_TOKEN + " refresh_token " + ZALO_REFRESH_TOKEN
                        + " (single use)",
                "      ZNS template " + ZALO_ZNS_TEMPLATE + " " + ZALO_ZNS_TEMPLATE_PARAMS,
                "  Xibo CMS : " + fakes.xibo().baseUrl() + fakes.xibo().settings().apiPrefix(),
                "      client_id " + XIBO_CLIENT_ID + " client_secret " + XIBO_CLIENT_SECRET,
                "      displays " + fakes.xibo().displays().stream()
                        .map(d -> d.displayId() + "=" + d.name() + " (group " + d.displayGroupId() + ")").toList(),
                "  WordPress : " + fakes.wordpress().baseUrl() + "/wp-json/wp/v2",
                "      user " + WORDPRESS_USER + " application password \"" + WORDPRESS_APP_PASSWORD + "\"",
                "  WebSub subscriber callback : " + fakes.websub().callbackUrl() + " (secret " + WEBSUB_SECRET + ")");
    }
}
