package org.nodehandshake.dns;

import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * How one DNS question was answered, as an operator judges a seed's DNS: the response code, how long
 * the answer took, how many records of the asked type it held (before any cap), their TTLs, whether
 * the UDP answer was truncated and retried over TCP, and whether the resolver said it validated the
 * answer (the AD flag).
 *
 * @param rcode the DNS response code's mnemonic ({@code NOERROR}, {@code NXDOMAIN}, {@code SERVFAIL},
 *     {@code REFUSED}, ...), or, when no answer came, {@code timeout}, {@code unreachable} or {@code error}
 * @param millis from the question to the last answer used (a TCP retry and CNAME targets included)
 * @param records records of the asked type at the name (at the end of its CNAME chain)
 * @param ttlMin the smallest of their TTLs, in seconds; empty without records
 * @param ttlMax the largest; empty without records
 * @param truncated the UDP answer had the TC bit
 * @param tcpRetry the question was asked again over TCP
 * @param tcpError why the TCP retry gave no answer ({@code timeout}, ...); the records are then the
 *     truncated UDP answer's
 * @param validated the resolver set AD (it validated the answer with DNSSEC); empty when nothing answered
 */
public record DnsAnswer(String rcode, long millis, int records, OptionalLong ttlMin, OptionalLong ttlMax,
                        boolean truncated, boolean tcpRetry, Optional<String> tcpError, Optional<Boolean> validated) {

    public static final String NOERROR = "NOERROR";
    public static final String TIMEOUT = "timeout";

    public DnsAnswer {
        Objects.requireNonNull(rcode, "rcode");
        Objects.requireNonNull(ttlMin, "ttlMin");
        Objects.requireNonNull(ttlMax, "ttlMax");
        Objects.requireNonNull(tcpError, "tcpError");
        Objects.requireNonNull(validated, "validated");
    }

    /** No answer at all: a timeout or a transport error. */
    public static DnsAnswer unanswered(String rcode, long millis) {
        return new DnsAnswer(rcode, millis, 0, OptionalLong.empty(), OptionalLong.empty(), false, false,
                Optional.empty(), Optional.empty());
    }

    /** An answer came (whatever its code). */
    public boolean answered() {
        return validated.isPresent();
    }

    /**
     * The short word the seed's error message uses: {@code no records} for an empty NOERROR answer,
     * {@code timed out}, or the response code.
     */
    public String problem() {
        if (rcode.equals(NOERROR)) {
            return "no records";
        }
        return rcode.equals(TIMEOUT) ? "timed out" : rcode;
    }
}
