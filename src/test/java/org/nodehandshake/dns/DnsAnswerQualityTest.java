package org.nodehandshake.dns;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.nodehandshake.bitcoin.BitcoinNetwork;
import org.nodehandshake.testing.FakeDns;
import org.xbill.DNS.AAAARecord;
import org.xbill.DNS.ARecord;
import org.xbill.DNS.CNAMERecord;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Flags;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.TXTRecord;
import org.xbill.DNS.Type;

/**
 * DNS answer quality per record type (issue 14, item 3), one rule per test, against a responder on
 * 127.0.0.1: response codes, timeouts, TTLs, record counts before the cap, truncation and the TCP retry,
 * the AD flag asked for and reported, and IPv4-only seeds.
 */
class DnsAnswerQualityTest {

    private static final Duration DEADLINE = Duration.ofMillis(600);

    private FakeDns dns;

    @BeforeEach
    void startDns() throws Exception {
        dns = new FakeDns();
    }

    @AfterEach
    void stopDns() {
        dns.close();
    }

    private SeedResolver seedResolver(int maxAddresses) throws Exception {
        return new SeedResolver(SeedResolver.resolverFor(Optional.of(new HostAndPort("127.0.0.1", dns.port())), DEADLINE),
                DEADLINE, maxAddresses, false);
    }

    private Resolution resolve(String name) throws Exception {
        return resolve(seedResolver(512), name);
    }

    private static Resolution resolve(SeedResolver resolver, String name) throws Exception {
        return resolver.resolve(new Seed(name, 8333, BitcoinNetwork.BITCOIN)).get(10, TimeUnit.SECONDS);
    }

    private static Name name(String text) {
        return FakeDns.name(text);
    }

    private static ARecord a(String owner, String ip, long ttl) throws Exception {
        return new ARecord(name(owner), DClass.IN, ttl, InetAddress.getByName(ip));
    }

    private static AAAARecord aaaa(String owner, String ip, long ttl) throws Exception {
        return new AAAARecord(name(owner), DClass.IN, ttl, InetAddress.getByName(ip));
    }

    private static Record[] manyA(String owner, int count) throws Exception {
        List<Record> out = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            out.add(a(owner, "1.2." + (i / 250) + "." + (i % 250 + 1), 300));
        }
        return out.toArray(Record[]::new);
    }

    // ---- response codes ----

    @Test
    void aGoodAnswerIsNoerrorWithItsCountTimeAndTtls() throws Exception {
        dns.answer("good.test", Type.A, a("good.test", "1.1.1.1", 60), a("good.test", "8.8.8.8", 3600),
                a("good.test", "9.9.9.9", 300));
        dns.answer("good.test", Type.AAAA, aaaa("good.test", "2606:4700::1111", 120));
        Resolution r = resolve("good.test");
        DnsQuality v4 = r.dns().get("A");
        assertEquals("NOERROR", v4.rcode());
        assertEquals(3, v4.records());
        assertEquals(OptionalLong.of(60), v4.ttlMin());
        assertEquals(OptionalLong.of(3600), v4.ttlMax());
        assertTrue(v4.millis() >= 0 && v4.millis() < DEADLINE.toMillis(), v4.millis() + " ms");
        assertEquals(0, v4.truncated());
        assertEquals(0, v4.tcpRetries());
        assertEquals(1, v4.lookups());
        DnsQuality v6 = r.dns().get("AAAA");
        assertEquals(1, v6.records());
        assertEquals(OptionalLong.of(120), v6.ttlMin());
        assertEquals(OptionalLong.of(120), v6.ttlMax());
        assertEquals(List.of("A", "AAAA"), List.copyOf(r.dns().keySet()));
        assertEquals(Optional.of(false), r.ipv4Only());
    }

    @Test
    void nxdomainIsReported() throws Exception {
        dns.nxdomain("gone.test", Type.A);
        dns.nxdomain("gone.test", Type.AAAA);
        Resolution r = resolve("gone.test");
        assertEquals("NXDOMAIN", r.dns().get("A").rcode());
        assertEquals("NXDOMAIN", r.dns().get("AAAA").rcode());
        assertEquals(0, r.dns().get("A").records());
        assertEquals(OptionalLong.empty(), r.dns().get("A").ttlMin());
        assertEquals(Optional.of("unsigned"), r.dns().get("A").dnssec(), "an answer came, without AD");
    }

    @Test
    void aaaaServfailBesideAGoodAIsReportedThoughTheSeedResolves() throws Exception {
        dns.answer("half.test", Type.A, a("half.test", "1.1.1.1", 60));
        dns.rcode("half.test", Type.AAAA, Rcode.SERVFAIL);
        Resolution r = resolve("half.test");
        assertTrue(r.resolved());
        assertEquals(Optional.empty(), r.error(), "resolved: the error stays for seeds with no address");
        assertEquals("NOERROR", r.dns().get("A").rcode());
        assertEquals("SERVFAIL", r.dns().get("AAAA").rcode());
        assertEquals(Optional.empty(), r.ipv4Only(), "unknown: AAAA failed, it did not answer empty");
    }

    @Test
    void aaaaRefusedBesideAGoodAIsReported() throws Exception {
        dns.answer("half.test", Type.A, a("half.test", "1.1.1.1", 60));
        dns.rcode("half.test", Type.AAAA, Rcode.REFUSED);
        assertEquals("REFUSED", resolve("half.test").dns().get("AAAA").rcode());
    }

    @Test
    void aaaaTimeoutBesideAGoodAIsReportedWithinTheDeadline() throws Exception {
        dns.answer("slow6.test", Type.A, a("slow6.test", "1.1.1.1", 60));
        dns.silence("slow6.test", Type.AAAA);
        SeedResolver resolver = seedResolver(512);
        resolve(resolver, "warm.test");
        long start = System.nanoTime();
        Resolution r = resolve(resolver, "slow6.test");
        long elapsed = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
        assertTrue(r.resolved());
        DnsQuality v6 = r.dns().get("AAAA");
        assertEquals("timeout", v6.rcode());
        assertEquals(Optional.empty(), v6.dnssec(), "nothing answered");
        assertTrue(v6.millis() >= DEADLINE.toMillis() / 2, v6.millis() + " ms");
        assertTrue(elapsed < 2 * DEADLINE.toMillis(), "completed after " + elapsed + " ms");
        assertEquals("NOERROR", r.dns().get("A").rcode());
    }

    @Test
    void otherResponseCodesKeepTheirMnemonic() throws Exception {
        dns.rcode("odd.test", Type.A, Rcode.NOTIMP);
        dns.rcode("odd.test", Type.AAAA, Rcode.FORMERR);
        Resolution r = resolve("odd.test");
        assertEquals("NOTIMP", r.dns().get("A").rcode());
        assertEquals("FORMERR", r.dns().get("AAAA").rcode());
        assertTrue(r.error().orElseThrow().contains("(A: NOTIMP; AAAA: FORMERR)"), r.error().orElseThrow());
    }

    @Test
    void aServerThatIsNotThereIsUnreachableOrTimeout() throws Exception {
        int port = dns.port();
        dns.close();
        SeedResolver resolver = new SeedResolver(
                SeedResolver.resolverFor(Optional.of(new HostAndPort("127.0.0.1", port)), DEADLINE), DEADLINE, 512, false);
        Resolution r = resolve(resolver, "nobody.test");
        assertTrue(List.of("unreachable", "timeout").contains(r.dns().get("A").rcode()), r.dns().toString());
        assertFalse(r.resolved());
    }

    // ---- IPv4 only ----

    @Test
    void aSeedAnsweringIpv4OnlyIsNoted() throws Exception {
        dns.answer("v4.test", Type.A, a("v4.test", "1.1.1.1", 60));
        Resolution r = resolve("v4.test"); // AAAA: NOERROR, no records
        assertEquals(Optional.of(true), r.ipv4Only());
        assertEquals("NOERROR", r.dns().get("AAAA").rcode());
        assertEquals(0, r.dns().get("AAAA").records());
    }

    @Test
    void literalsAskNoQuestionAndHaveNoFigures() throws Exception {
        Resolution r = resolve("1.2.3.4");
        assertEquals(Map.of(), r.dns());
        assertEquals(Optional.empty(), r.ipv4Only());
        assertEquals(0, dns.queryCount());
    }

    // ---- DNSSEC: the AD flag ----

    @Test
    void questionsAskForTheAdFlag() throws Exception {
        dns.answer("ad.test", Type.A, a("ad.test", "1.1.1.1", 60));
        resolve("ad.test");
        List<Message> received = dns.received();
        assertFalse(received.isEmpty());
        assertTrue(received.stream().allMatch(m -> m.getHeader().getFlag(Flags.AD)),
                "RFC 6840 5.7: AD in the query asks a validating resolver to say whether it validated");
        assertTrue(received.stream().allMatch(m -> m.getHeader().getFlag(Flags.RD)));
    }

    @Test
    void anAnswerWithAdIsValidated() throws Exception {
        dns.validated(true);
        dns.answer("signed.test", Type.A, a("signed.test", "1.1.1.1", 60));
        Resolution r = resolve("signed.test");
        assertEquals(Optional.of("validated"), r.dns().get("A").dnssec());
        assertEquals(Optional.of("validated"), r.dns().get("AAAA").dnssec());
    }

    @Test
    void anAnswerWithoutAdIsUnsigned() throws Exception {
        dns.answer("plain.test", Type.A, a("plain.test", "1.1.1.1", 60));
        assertEquals(Optional.of("unsigned"), resolve("plain.test").dns().get("A").dnssec());
    }

    // ---- truncation and TCP ----

    @Test
    void aTruncatedUdpAnswerIsRetriedOverTcpAndEveryRecordCountsBeyondTheCap() throws Exception {
        dns.answer("many.test", Type.A, manyA("many.test", 300));
        Resolution r = resolve(seedResolver(100), "many.test");
        DnsQuality v4 = r.dns().get("A");
        assertEquals(1, v4.truncated());
        assertEquals(1, v4.tcpRetries());
        assertEquals(Optional.empty(), v4.tcpError());
        assertEquals(300, v4.records(), "the true count, not the cap's");
        assertEquals(100, r.targets().size());
        assertEquals(200, r.dropped());
        assertTrue(dns.tcpQueries().contains(new FakeDns.Key("many.test.", Type.A)), dns.tcpQueries().toString());
        assertEquals(0, r.dns().get("AAAA").truncated(), "a small answer is not retried");
    }

    @Test
    void aTcpRetryThatFailsKeepsTheTruncatedAnswerAndSaysWhy() throws Exception {
        dns.answer("many.test", Type.A, manyA("many.test", 300));
        dns.closeTcp();
        Resolution r = resolve("many.test");
        DnsQuality v4 = r.dns().get("A");
        assertEquals(1, v4.truncated());
        assertEquals(1, v4.tcpRetries());
        assertEquals(Optional.of("unreachable"), v4.tcpError(), v4.toString());
        assertEquals("NOERROR", v4.rcode(), "the truncated UDP answer's code");
        // what the UDP answer held: dnsjava's responder drops the whole RRset that does not fit (dnsmasq
        // sends the records that fit, see DnsAnswerQualityDnsmasqIT)
        assertTrue(v4.records() < 300, "what the UDP answer held: " + v4.records());
    }

    @Test
    void aTcpRetryThatNeverAnswersEndsAtTheDeadlineWithTheTruncatedAnswer() throws Exception {
        dns.answer("many.test", Type.A, manyA("many.test", 300));
        dns.answer("many.test", Type.AAAA, aaaa("many.test", "2606:4700::1111", 60));
        dns.silenceTcp();
        SeedResolver resolver = seedResolver(512);
        resolve(resolver, "warm.test");
        long start = System.nanoTime();
        Resolution r = resolve(resolver, "many.test");
        long elapsed = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
        DnsQuality v4 = r.dns().get("A");
        assertEquals(1, v4.truncated());
        assertEquals(Optional.of("timeout"), v4.tcpError(), v4.toString());
        assertEquals("NOERROR", v4.rcode());
        assertTrue(elapsed < 2 * DEADLINE.toMillis(), "completed after " + elapsed + " ms");
        assertTrue(r.resolved(), "the AAAA answer still counts");
    }

    // ---- CNAMEs ----

    @Test
    void recordsAndTtlsAreTheCnameTargets() throws Exception {
        dns.answer("alias.test", Type.A, new CNAMERecord(name("alias.test"), DClass.IN, 5, name("real.test")),
                a("real.test", "1.1.1.1", 900), a("real.test", "8.8.8.8", 1200));
        Resolution r = resolve("alias.test");
        assertEquals(2, r.dns().get("A").records());
        assertEquals(OptionalLong.of(900), r.dns().get("A").ttlMin());
        assertEquals(OptionalLong.of(1200), r.dns().get("A").ttlMax());
    }

    @Test
    void aCnameOnlyAnswerIsOneLookupOfTwoQuestions() throws Exception {
        dns.answer("alias.test", Type.A, new CNAMERecord(name("alias.test"), DClass.IN, 5, name("real.test")));
        dns.answer("real.test", Type.A, a("real.test", "9.9.9.9", 77));
        Resolution r = resolve("alias.test");
        assertEquals(1, r.dns().get("A").lookups());
        assertEquals(1, r.dns().get("A").records());
        assertEquals(OptionalLong.of(77), r.dns().get("A").ttlMin());
    }

    // ---- TXT, for seeds that are node lists ----

    private static TXTRecord txt(String owner, long ttl, String text) {
        return new TXTRecord(name(owner), DClass.IN, ttl, text);
    }

    @Test
    void everyTxtQuestionOfADiscoveryIsCountedForItsSeed() throws Exception {
        dns.answer("list.test", Type.TXT, txt("list.test", 30, "root"), txt("list.test", 40, "other"));
        dns.answer("a.list.test", Type.TXT, txt("a.list.test", 600, "leaf"));
        dns.rcode("b.list.test", Type.TXT, Rcode.SERVFAIL);
        Discovery walk = (seed, resolver) -> resolver.txt(seed.name(), 10, 100)
                .thenCompose(root -> resolver.txt("a." + seed.name(), 10, 100))
                .thenCompose(leaf -> resolver.txt("b." + seed.name(), 10, 100))
                .thenApply(last -> Resolution.failed(seed, "nothing to contact"));
        SeedResolver resolver = new SeedResolver(
                SeedResolver.resolverFor(Optional.of(new HostAndPort("127.0.0.1", dns.port())), DEADLINE),
                DEADLINE, 16, false, network -> walk);
        Resolution r = resolve(resolver, "list.test");
        assertEquals(List.of("TXT"), List.copyOf(r.dns().keySet()));
        DnsQuality q = r.dns().get("TXT");
        assertEquals("NOERROR", q.rcode(), "the seed's own name answered");
        assertEquals(3, q.lookups());
        assertEquals(Map.of("NOERROR", 2, "SERVFAIL", 1), q.rcodes());
        assertEquals(3, q.records());
        assertEquals(OptionalLong.of(30), q.ttlMin());
        assertEquals(OptionalLong.of(600), q.ttlMax());
        assertEquals(Optional.empty(), r.ipv4Only());
    }

    @Test
    void theSharedResolverRecordsNothingOutsideASeed() throws Exception {
        dns.answer("list.test", Type.TXT, txt("list.test", 30, "root"));
        SeedResolver resolver = seedResolver(16);
        CompletableFuture<SeedResolver.TxtAnswer> answer = resolver.txt("list.test", 10, 100);
        assertEquals(List.of("root"), answer.get(10, TimeUnit.SECONDS).records());
        // a later seed's figures hold its own questions only
        dns.answer("v4.test", Type.A, a("v4.test", "1.1.1.1", 60));
        assertEquals(List.of("A", "AAAA"), List.copyOf(resolve(resolver, "v4.test").dns().keySet()));
    }

    @Test
    void mixedAdAcrossQuestionsIsMixed() {
        DnsAnswer validated = new DnsAnswer("NOERROR", 3, 1, OptionalLong.of(1), OptionalLong.of(1), false, false,
                Optional.empty(), Optional.of(true));
        DnsAnswer plain = new DnsAnswer("NOERROR", 9, 1, OptionalLong.of(5), OptionalLong.of(5), false, false,
                Optional.empty(), Optional.of(false));
        DnsAnswer none = DnsAnswer.unanswered("timeout", 600);
        assertEquals(Optional.of("mixed"), DnsQuality.of(List.of(validated, plain, none)).dnssec());
        assertEquals(Optional.of("validated"), DnsQuality.of(List.of(validated, none)).dnssec(),
                "a question nothing answered says nothing about DNSSEC");
        assertEquals(600, DnsQuality.of(List.of(validated, plain, none)).millis(), "the slowest");
    }
}
