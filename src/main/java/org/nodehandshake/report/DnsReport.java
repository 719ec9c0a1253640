package org.nodehandshake.report;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.Map;
import org.nodehandshake.dns.DnsQuality;

/**
 * One record type's DNS answers for a seed, as the report shows them ({@code dns.A}, {@code dns.AAAA},
 * {@code dns.TXT}).
 *
 * @param rcode the response code of the seed's own question: NOERROR, NXDOMAIN, SERVFAIL, REFUSED, ...
 *     (the DNS mnemonic), or timeout, unreachable, error when no answer came
 * @param millis how long the answer took (the slowest, when several questions were asked)
 * @param records records of the type in the answer, before any cap ({@code addressesDropped} says what the
 *     cap left out)
 * @param ttlMin smallest TTL in seconds; absent without records
 * @param ttlMax largest TTL in seconds; absent without records
 * @param truncated a UDP answer came truncated (TC)
 * @param tcpRetry the question was asked again over TCP
 * @param tcpError why the TCP retry gave no answer; absent when it answered or none was made
 * @param dnssec validated (the resolver set AD), unsigned (it did not: the zone is unsigned or the resolver
 *     does not validate), mixed (several questions, some validated); absent when nothing answered
 * @param lookups questions of this type asked for the seed; absent when one
 * @param rcodes those questions by response code; absent when one
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record DnsReport(String rcode, long millis, int records, Long ttlMin, Long ttlMax, boolean truncated,
                        boolean tcpRetry, String tcpError, String dnssec, Integer lookups,
                        Map<String, Integer> rcodes) {

    public static DnsReport of(DnsQuality q) {
        boolean several = q.lookups() > 1;
        return new DnsReport(q.rcode(), q.millis(), q.records(),
                q.ttlMin().isPresent() ? q.ttlMin().getAsLong() : null,
                q.ttlMax().isPresent() ? q.ttlMax().getAsLong() : null,
                q.truncated() > 0, q.tcpRetries() > 0, q.tcpError().orElse(null), q.dnssec().orElse(null),
                several ? q.lookups() : null, several ? q.rcodes() : null);
    }
}
