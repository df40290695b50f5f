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
            // The console's live board then changes only when the reporting service's stream pushes a change
            // (its fallback poll is an hour): the journey's board assertions prove the push path.
            System.setProperty("govcomm.console.board-refresh-seconds", "3600");
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
