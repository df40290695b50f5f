package vn.govcomm.led;

import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;
import vn.govcomm.architecture.ServiceArchitecture;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;

/**
 * The platform's architecture rules (services/architecture-rules), and the feature directions: signage → playlists →
 * screens, playlists → xibo → screens; the screen simulator stands alone and uses nothing but the JDK and Jackson
 * (it plays a screen, which knows none of our code).
 */
class ArchitectureTests {

    @Test
    void followsThePlatformArchitecture() {
        ServiceArchitecture.of("vn.govcomm.led")
                .feature("screens")
                .feature("xibo", "screens")
                .feature("playlists", "screens", "xibo")
                .feature("signage", "playlists", "screens")
                .feature("simulator")
                .verify();
    }

    @Test
    void theSimulatorUsesNothingButTheJdkAndJackson() {
        classes().that().resideInAPackage("vn.govcomm.led.simulator..")
                .should().onlyDependOnClassesThat().resideInAnyPackage("java..", "tools.jackson..", "vn.govcomm.led.simulator..")
                .check(new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                        .importPackages("vn.govcomm.led.simulator"));
    }
}
