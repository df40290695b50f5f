package vn.govcomm.campaign.directory;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.util.unit.DataSize;

/**
 * Limits of a directory file import ({@code POST /api/agencies/import}).
 *
 * @param maxSize largest accepted file (default 8 MB: a nationwide directory, ~3,400 agencies with a few endpoints
 *                each, is about 4 MB of CSV); below the multipart limit so this check answers with a field problem
 * @param maxRows most data rows (besides the header) in one file (default 20,000)
 */
@ConfigurationProperties("govcomm.directory.import")
record ImportProperties(DataSize maxSize, Integer maxRows) {

    ImportProperties {
        maxSize = maxSize == null ? DataSize.ofMegabytes(8) : maxSize;
        maxRows = maxRows == null ? 20_000 : maxRows;
    }
}
