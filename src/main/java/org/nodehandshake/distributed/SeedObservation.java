package org.nodehandshake.distributed;

import java.util.List;
import java.util.Map;
import org.nodehandshake.report.DnsReport;
import org.nodehandshake.report.ResultReport;
import org.nodehandshake.report.SeedReport;
import org.nodehandshake.report.Summary;

/**
 * A seed report as it travels from a worker to the aggregator: what the vantage resolved and how every address
 * fared, nothing judged yet (the aggregator judges every seed against the whole run, as a one-machine run does).
 */
public record SeedObservation(
        String seed,
        String network,
        int port,
        List<String> addresses,
        String error,
        int addressesDropped,
        String serviceFilter,
        Map<String, Object> discovery,
        Map<String, DnsReport> dns,
        Boolean ipv4Only,
        List<ObservedResult> results) {

    public SeedObservation {
        addresses = addresses == null ? List.of() : List.copyOf(addresses);
        results = results == null ? List.of() : List.copyOf(results);
        discovery = discovery == null ? Map.of() : discovery;
        dns = dns == null ? Map.of() : dns;
    }

    /** The check route's seed report (before the run judges it). */
    public static SeedObservation of(SeedReport report) {
        return new SeedObservation(report.seed(), report.network(), report.port(), report.addresses(), report.error(),
                report.addressesDropped(), report.serviceFilter(), report.discovery(), report.dns(), report.ipv4Only(),
                report.results().stream().map(ObservedResult::of).toList());
    }

    /** The seed report again, marked with the vantage that saw it, for the run to judge. */
    public SeedReport toSeedReport(String vantage) {
        List<ResultReport> reports = results.stream().map(ObservedResult::toResultReport).toList();
        return new SeedReport(seed, network, port, addresses, error, Summary.of(reports), reports, addressesDropped,
                serviceFilter, null, discovery, dns, ipv4Only, null, vantage);
    }
}
