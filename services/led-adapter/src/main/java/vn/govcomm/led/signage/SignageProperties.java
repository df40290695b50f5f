package vn.govcomm.led.signage;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;

/**
 * The anonymous device protocol's own limits.
 *
 * @param maxBodySize the largest ack or heartbeat body read, and only once the device secret was checked
 *                    (64KB ≈ 500 acks in one batch; the service-wide {@code govcomm.security.max-body-size} is larger)
 */
@ConfigurationProperties("govcomm.led.signage")
record SignageProperties(@DefaultValue("64KB") DataSize maxBodySize) {
}
