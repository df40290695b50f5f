package vn.govcomm.campaign.campaigns;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.util.unit.DataSize;

/**
 * @param maxEventBytes the largest CampaignScheduled (Kafka record value) a campaign may lead to; checked at create
 *        and edit, so an officer learns it then and not at approval. Default 900KB: Kafka's default
 *        {@code max.request.size} / {@code message.max.bytes} is 1 MB, the rest is headroom for the CloudEvents
 *        headers, the key and the batch overhead.
 */
@ConfigurationProperties("govcomm.campaigns")
public record CampaignProperties(DataSize maxEventBytes) {

    public CampaignProperties {
        maxEventBytes = maxEventBytes == null ? DataSize.ofKilobytes(900) : maxEventBytes;
    }
}
