package org.nodehandshake.dns;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.net.InetAddress;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.nodehandshake.testing.FakeDns;
import org.xbill.DNS.ARecord;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Type;

/** A UDP question unanswered at half its deadline goes out once more; the first answer of the two is taken. */
class DnsClientRetransmissionTest {

    private static final Duration DEADLINE = Duration.ofMillis(1200);
    private static final String NAME = "lossy.test";

    private FakeDns dns;
    private DnsClient client;

    @BeforeEach
    void start() throws Exception {
        dns = new FakeDns();
        dns.answer(NAME, Type.A, new ARecord(FakeDns.name(NAME), DClass.IN, 60, InetAddress.getByName("192.0.2.7")));
        client = new DnsClient(SeedResolver.resolverFor(Optional.of(new HostAndPort("127.0.0.1", dns.port())), DEADLINE),
                DEADLINE);
    }

    @AfterEach
    void stop() {
        dns.close();
    }

    private DnsClient.Lookup lookUp() throws Exception {
        return client.lookup(FakeDns.name(NAME), Type.A).get(10, TimeUnit.SECONDS);
    }

    @Test
    void aLostDatagramIsSentAgainAndAnswered() throws Exception {
        dns.dropNext(NAME, Type.A);
        DnsClient.Lookup lookup = lookUp();
        assertEquals(DnsAnswer.NOERROR, lookup.answer().rcode());
        assertEquals(1, lookup.records().size());
        assertEquals(2, dns.queryCount(), "asked twice");
    }

    @Test
    void aSlowFirstAnswerStillCountsAfterTheRetransmission() throws Exception {
        // the first answer comes at 0.75 of the deadline; the second question (at 0.5) is never answered
        dns.delayNext(NAME, Type.A, DEADLINE.toMillis() * 3 / 4);
        dns.dropNext(NAME, Type.A);
        DnsClient.Lookup lookup = lookUp();
        assertEquals(DnsAnswer.NOERROR, lookup.answer().rcode());
        assertEquals(1, lookup.records().size());
        assertEquals(2, dns.queryCount());
    }

    @Test
    void twoLostDatagramsAreATimeout() throws Exception {
        dns.silence(NAME, Type.A);
        DnsClient.Lookup lookup = lookUp();
        assertEquals(DnsAnswer.TIMEOUT, lookup.answer().rcode());
        assertEquals(2, dns.queryCount(), "asked twice, no more");
    }

    @Test
    void anAnswerBeforeHalfTheDeadlineIsAskedOnce() throws Exception {
        DnsClient.Lookup lookup = lookUp();
        assertEquals(1, lookup.records().size());
        Thread.sleep(DEADLINE.toMillis() / 2 + 200); // past the moment a retransmission would have gone out
        assertEquals(1, dns.queryCount());
    }
}
