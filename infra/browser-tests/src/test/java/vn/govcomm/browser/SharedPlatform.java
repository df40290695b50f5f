package vn.govcomm.browser;

import vn.govcomm.local.LocalPlatform;
import vn.govcomm.local.PlatformService;

/** One platform per test JVM (starting it costs ~10 s on two cores); closed when the JVM exits. */
final class SharedPlatform {

    private static LocalPlatform platform;

    private SharedPlatform() {
    }

    static synchronized LocalPlatform get() {
        if (platform == null) {
            platform = LocalPlatform.start(LocalPlatform.Settings.forTests());
            LocalPlatform started = platform;
            Runtime.getRuntime().addShutdownHook(new Thread(started::close, "platform-shutdown"));
        }
        return platform;
    }

    static String gateway() {
        return get().url(PlatformService.GATEWAY);
    }
}
