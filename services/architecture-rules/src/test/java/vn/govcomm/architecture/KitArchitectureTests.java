package vn.govcomm.architecture;

import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;
import vn.govcomm.architecture.ServiceArchitecture.Rule;

import java.nio.file.Path;

/**
 * The kit follows the rules that apply to it. Checked here rather than in the kit: this module's fixtures use the
 * kit, so the kit cannot use this module (a cycle in the reactor). The classes are the kit artifact this module
 * builds against, the sources the kit's working tree.
 */
class KitArchitectureTests {

    @Test
    void theKitFollowsThePlatformArchitecture() {
        ServiceArchitecture.of("vn.govcomm.kit", new ClassFileImporter()
                                .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS).importPackages("vn.govcomm.kit"),
                        Path.of("../service-kit/src/main/java"))
                .without(Rule.ONLY_THE_KIT_PRODUCES, "the kit is where the producers and the outbox live")
                .verify();
    }
}
