package vn.govcomm.deployment;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The single-server deployment (infra/systemd): units systemd accepts, and a backup that always restarts the platform. */
class SystemdUnitTests {

	static final Path UNITS = Repo.ROOT.resolve("infra/systemd");

	@Test
	void systemdAcceptsTheUnits() throws Exception {
		// systemd is not on every build machine (containers): this check needs it, the others below do not.
		Optional<ExternalTool> analyze = ExternalTool.find(List.of(List.of("systemd-analyze")));
		Assumptions.assumeTrue(analyze.isPresent(), "systemd-analyze is not installed");
		ExternalTool.Result result = analyze.get().run(UNITS, Map.of(), "verify", "--man=no", "./govcomm.service",
				"./govcomm-backup.service", "./govcomm-backup.timer");
		assertThat(result.exitCode()).as(result.output()).isZero();
		assertThat(result.output()).as("systemd warnings").doesNotContain("ignoring", "Unknown", "Invalid");
	}

	@Test
	void theBackupStopsThePlatformAndStartsItAgainEvenWhenTheBackupFails() throws Exception {
		String backup = Files.readString(UNITS.resolve("govcomm-backup.service"));
		assertThat(backup).contains("ExecStartPre=/bin/systemctl stop govcomm.service")
				// ExecStopPost runs whatever the outcome of ExecStart; ExecStartPost would not after a failure.
				.contains("ExecStopPost=/bin/systemctl start govcomm.service")
				.containsPattern("ExecStart=.*govcomm\\.jar backup ");
		String service = Files.readString(UNITS.resolve("govcomm.service"));
		assertThat(service).contains("Environment=GOVCOMM_DATA_DIR=/var/lib/govcomm", "MemoryMax=", "Restart=on-failure",
				"ExecStart=/usr/bin/java -jar /opt/govcomm/govcomm.jar");
		assertThat(backup).contains("Environment=GOVCOMM_DATA_DIR=/var/lib/govcomm");
	}
}
