package org.nodehandshake.camel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.nodehandshake.bitcoin.BitcoinNetwork;
import org.nodehandshake.dns.Resolution;
import org.nodehandshake.dns.Seed;
import org.nodehandshake.module.ProtocolRegistry;
import org.nodehandshake.report.SeedReport;

/** The history keys a seed by its report's entry: settings tell entries apart, entries without keep their key. */
class HistoryStepSeedKeyTest {

    private static String key(String entry) {
        Seed seed = ProtocolRegistry.builtIn().parseSeed(entry, BitcoinNetwork.BITCOIN);
        return HistoryStep.key(SeedReport.of(Resolution.failed(seed, "not asked"), List.of()));
    }

    @Test
    void anEntryWithoutSettingsKeepsItsKey() {
        assertEquals("seed.example:8333@bitcoin/x9", key("seed.example/x9"));
    }

    @Test
    void settingsAreInTheKeySoTwoTransportsAreTwoHistories() {
        assertEquals("seed.example;transport=v1:8333@bitcoin/x9", key("seed.example/x9;transport=v1"));
        assertNotEquals(key("seed.example/x9;transport=v1"), key("seed.example/x9;transport=v2"));
        assertNotEquals(key("seed.example/x9"), key("seed.example/x9;transport=auto"));
    }
}
