package org.nodehandshake.dns;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * One record type's DNS answers for one seed. An address seed asks A and AAAA once each; a seed that is
 * a node list asks many TXT names (and A/AAAA for host names in it): then the figures cover them all.
 *
 * @param rcode the first question's response code (the seed's own name), as {@link DnsAnswer#rcode}
 * @param millis the slowest answer
 * @param records records of the type, over every question (before any cap)
 * @param ttlMin the smallest TTL seen; empty without records
 * @param ttlMax the largest TTL seen; empty without records
 * @param truncated how many UDP answers were truncated
 * @param tcpRetries how many questions were asked again over TCP
 * @param tcpError the first TCP retry's failure, if one failed
 * @param dnssec {@code validated} when the resolver set AD on every answer, {@code unsigned} when on none,
 *     {@code mixed} otherwise; empty when nothing answered
 * @param lookups the questions asked
 * @param rcodes the questions by response code, in the order first seen
 */
public record DnsQuality(String rcode, long millis, int records, OptionalLong ttlMin, OptionalLong ttlMax,
                         int truncated, int tcpRetries, Optional<String> tcpError, Optional<String> dnssec,
                         int lookups, Map<String, Integer> rcodes) {

    public static final String VALIDATED = "validated";
    public static final String UNSIGNED = "unsigned";
    public static final String MIXED = "mixed";

    public DnsQuality {
        rcodes = Collections.unmodifiableMap(new LinkedHashMap<>(rcodes));
    }

    /** The figures over these answers, in the order asked; at least one. */
    public static DnsQuality of(List<DnsAnswer> answers) {
        if (answers.isEmpty()) {
            throw new IllegalArgumentException("no answers");
        }
        long millis = 0;
        int records = 0;
        long ttlMin = Long.MAX_VALUE;
        long ttlMax = Long.MIN_VALUE;
        int truncated = 0;
        int tcpRetries = 0;
        Optional<String> tcpError = Optional.empty();
        int answered = 0;
        int validated = 0;
        Map<String, Integer> rcodes = new LinkedHashMap<>();
        for (DnsAnswer a : answers) {
            millis = Math.max(millis, a.millis());
            records += a.records();
            if (a.ttlMin().isPresent()) {
                ttlMin = Math.min(ttlMin, a.ttlMin().getAsLong());
            }
            if (a.ttlMax().isPresent()) {
                ttlMax = Math.max(ttlMax, a.ttlMax().getAsLong());
            }
            truncated += a.truncated() ? 1 : 0;
            tcpRetries += a.tcpRetry() ? 1 : 0;
            if (tcpError.isEmpty()) {
                tcpError = a.tcpError();
            }
            if (a.answered()) {
                answered++;
                validated += a.validated().get() ? 1 : 0;
            }
            rcodes.merge(a.rcode(), 1, Integer::sum);
        }
        Optional<String> dnssec = answered == 0 ? Optional.empty()
                : Optional.of(validated == answered ? VALIDATED : validated == 0 ? UNSIGNED : MIXED);
        return new DnsQuality(answers.get(0).rcode(), millis, records,
                ttlMin == Long.MAX_VALUE ? OptionalLong.empty() : OptionalLong.of(ttlMin),
                ttlMax == Long.MIN_VALUE ? OptionalLong.empty() : OptionalLong.of(ttlMax),
                truncated, tcpRetries, tcpError, dnssec, answers.size(), rcodes);
    }

    /** Every question answered NOERROR. */
    public boolean allNoError() {
        return rcodes.size() == 1 && rcodes.containsKey(DnsAnswer.NOERROR);
    }
}
