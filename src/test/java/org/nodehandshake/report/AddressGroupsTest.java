package org.nodehandshake.report;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

/** Network groups as the reference client's netgroup.cpp forms them (no asmap). */
class AddressGroupsTest {

    @ParameterizedTest
    @CsvSource({
        "203.0.113.7, 203.0.0.0/16",
        "203.0.200.1, 203.0.0.0/16",
        "203.1.113.7, 203.1.0.0/16",
        "2001:db8:1234::1, 2001:db8::/32",
        "2a01:4f8:10a:1::2, 2a01:4f8::/32",
        "2001:470:1abc::1, 2001:470:1000::/36",
        "2002:cb00:7107::1, 203.0.0.0/16",
        "2001:0:4136:e378:8000:63bf:34ff:8cf8, 203.0.0.0/16",
        "64:ff9b::cb00:7107, 203.0.0.0/16",
        "::ffff:203.0.113.7, 203.0.0.0/16",
        "127.0.0.171, 127.0.0.0/16",
    })
    void eachAddressFallsInItsGroup(String address, String group) {
        assertEquals(Optional.of(group), AddressGroups.group(address));
    }

    @Test
    void namesAreNotGrouped() {
        assertEquals(Optional.empty(), AddressGroups.group("seed.example"));
    }

    @Test
    void groupsAreCountedLargestFirst() {
        Map<String, Integer> counts = AddressGroups.count(List.of("1.2.3.4", "5.6.7.8", "5.6.9.9", "2001:db8::1", "5.6.1.1"));
        assertEquals(List.of("5.6.0.0/16", "1.2.0.0/16", "2001:db8::/32"), List.copyOf(counts.keySet()));
        assertEquals(3, counts.get("5.6.0.0/16"));
    }
}
