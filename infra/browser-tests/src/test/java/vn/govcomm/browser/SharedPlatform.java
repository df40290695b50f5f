package vn.govcomm.browser;

import vn.govcomm.local.LocalPlatform;
import vn.govcomm.local.PlatformService;

/**
 * One platform per test JVM (starting it costs ~10 s on two cores), with the launcher's demo data: Khánh Hòa's 2025
 * directory, seed 004's plan, the three demo campaigns linked to its tasks and the yearly survey template (what an
 * officer of a fresh local run sees, and what {@link DemoDataBrowserTests} checks). Closed when the JVM exits.
 */
final class SharedPlatform {

    private static LocalPlatform platform;

    private SharedPlatform() {
    }

    static synchronized LocalPlatform get() {
        if (platform == null) {
            // The console's live board then changes only when the reporting service's stream pushes a change
            // (its fallback poll is an hour): the journey's board assertions prove the push path.
            System.setProperty("govcomm.console.board-refresh-seconds", "3600");
            LocalPlatform.Settings tests = LocalPlatform.Settings.forTests();
            platform = LocalPlatform.start(new LocalPlatform.Settings(tests.randomPorts(), tests.dataDir(),
                    tests.kafkaBootstrapServers(), tests.mongoUri(), true));
            LocalPlatform started = platform;
            Runtime.getRuntime().addShutdownHook(new Thread(started::close, "platform-shutdown"));
        }
        return platform;
    }

    static String gateway() {
        return get().url(PlatformService.GATEWAY);
    }
}
