package org.nodehandshake.monero;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.nodehandshake.monero.StorageBytes.HEADER;
import static org.nodehandshake.monero.StorageBytes.hex;

import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** One test per rule the reader enforces; each checks the message names the rule. */
class PortableStorageRejectTest {

    /** Limits that never bind, so a test sees the format rule rather than a limit. */
    private static final StorageLimits OPEN = new StorageLimits(100, Integer.MAX_VALUE, Integer.MAX_VALUE,
            Integer.MAX_VALUE, Integer.MAX_VALUE, Integer.MAX_VALUE);

    private static MalformedStorageException rejected(byte[] blob, StorageLimits limits, String fragment) {
        MalformedStorageException e = assertThrows(MalformedStorageException.class,
                () -> PortableStorage.read(blob, limits));
        assertTrue(e.getMessage().contains(fragment), "'" + e.getMessage() + "' does not say '" + fragment + "'");
        return e;
    }

    private static MalformedStorageException rejected(byte[] blob, String fragment) {
        return rejected(blob, StorageLimits.HANDSHAKE, fragment);
    }

    // --- header

    @Test
    void badSignatureA() {
        rejected(hex("02110101 01010201 01 00"), "bad signature A 0x01011102");
    }

    @Test
    void badSignatureB() {
        rejected(hex("01110101 01010202 01 00"), "bad signature B 0x02020101");
    }

    @Test
    void badVersion() {
        rejected(hex("01110101 01010201 02 00"), "bad format version 2");
    }

    @Test
    void emptyBody() {
        rejected(new byte[0], "truncated header: 0 of 9 bytes");
    }

    @Test
    void truncatedHeader() {
        rejected(hex("01110101 010102"), "truncated header: 7 of 9 bytes");
    }

    // --- truncation at each place a value can be cut

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "root field count      | ''                         | truncated field count in the root section",
        "two-byte varint       | 01                         | truncated field count",
        "eight-byte varint     | 07000000                   | truncated field count",
        "name length           | 04                         | truncated field name length",
        "name                  | 04 03 6162                 | truncated field name",
        "type                  | 04 01 61                   | truncated type at 'a'",
        "int64                 | 04 01 61 01 01020304050607 | truncated int64 at 'a'",
        "int32                 | 04 01 61 02 010203         | truncated int32 at 'a'",
        "int16                 | 04 01 61 03 01             | truncated int16 at 'a'",
        "int8                  | 04 01 61 04                | truncated int8 at 'a'",
        "uint64                | 04 01 61 05 01             | truncated uint64 at 'a'",
        "uint32                | 04 01 61 06 01             | truncated uint32 at 'a'",
        "uint16                | 04 01 61 07 01             | truncated uint16 at 'a'",
        "uint8                 | 04 01 61 08                | truncated uint8 at 'a'",
        "double                | 04 01 61 09 0000000000f8   | truncated double at 'a'",
        "bool                  | 04 01 61 0b                | truncated bool at 'a'",
        "string length         | 04 01 61 0a                | truncated string length at 'a'",
        "string bytes          | 04 01 61 0a 0c 6869        | truncated string of 3 bytes at 'a'",
        "array count           | 04 01 61 85                | truncated array count at 'a'",
        "array element         | 04 01 61 8a 04 08 68       | truncated string of 2 bytes at 'a[0]'",
        "nested section count  | 04 01 61 0c                | truncated field count at 'a'",
        "nested section field  | 04 01 61 0c 04 01 62 06 01 | truncated uint32 at 'a.b'",
        "array type after 13   | 04 01 61 0d                | truncated array type after type 13 at 'a'",
    })
    void truncated(String where, String body, String fragment) {
        rejected(hex(HEADER, body), OPEN, fragment);
    }

    /** Every proper prefix of a blob that uses every type is rejected, never read as something shorter. */
    @Test
    void everyPrefixOfAFullBlobIsRejected() throws Exception {
        Section full = PortableStorageRoundTripTest.everything();
        byte[] blob = PortableStorage.toBytes(full);
        assertEquals(full, PortableStorage.read(blob, StorageLimits.HANDSHAKE));
        for (int length = 0; length < blob.length; length++) {
            byte[] prefix = Arrays.copyOf(blob, length);
            MalformedStorageException e = assertThrows(MalformedStorageException.class,
                    () -> PortableStorage.read(prefix, StorageLimits.HANDSHAKE), "prefix of " + length);
            assertTrue(e.getMessage().contains("truncated") || e.getMessage().contains("remaining bytes can hold"),
                    length + ": " + e.getMessage());
        }
    }

    // --- varints used as sizes

    @Test
    void eightByteStringLengthBeyondIntegerMaxValue() {
        rejected(hex(HEADER, "04 0161 0a", "0300000004000000"), OPEN, // length 2^32 (raw 2^34 | 3)
                "string of 4294967296 bytes over the 2147483647 limit at 'a'");
    }

    @Test
    void eightByteStringLengthBeyondRemainingBytes() {
        rejected(hex(HEADER, "04 0161 0a", "8300000000000000", "6869"), OPEN, // length 32, 2 bytes there
                "truncated string of 32 bytes at 'a': needs 32 bytes, 2 left");
    }

    @Test
    void eightByteArrayCountBeyondIntegerMaxValue() {
        rejected(hex(HEADER, "04 0161 88", "ffffffffffffffff", "00"), OPEN, // count 2^62 - 1
                "array of 4611686018427387903 elements over the 2147483647 limit at 'a'");
    }

    @Test
    void arrayCountBeyondRemainingBytesIsCheckedBeforeAllocating() {
        // 2^30 uint64 elements announced, 16 bytes follow: refused on the count, nothing allocated.
        rejected(hex(HEADER, "04 0161 85", "0300000001000000", "00000000000000000000000000000000"), OPEN,
                "array of 1073741824 elements at 'a' larger than 16 remaining bytes can hold (at least 8 each)");
    }

    @Test
    void arrayCountOneOverTheMinimumElementSize() {
        // 2 uint64 announced, 15 bytes follow.
        rejected(hex(HEADER, "04 0161 85 08", "000000000000000000000000000000"), OPEN,
                "array of 2 elements at 'a' larger than 15 remaining bytes can hold (at least 8 each)");
    }

    @Test
    void fieldCountBeyondRemainingBytes() {
        // 2^30 fields announced, one there: nothing is allocated for the count; the second field is missing.
        rejected(hex(HEADER, "0300000001000000", "01 61 08 00"), OPEN, "truncated field name length in the root section");
    }

    @Test
    void eightByteFieldCountBeyondIntegerMaxValue() {
        rejected(hex(HEADER, "ffffffffffffffff"), OPEN, "4611686018427387903 fields over the 2147483647 field limit");
    }

    // --- names

    @Test
    void zeroLengthName() {
        rejected(hex(HEADER, "04 00 08 01"), "zero-length field name in the root section");
    }

    @Test
    void duplicateName() {
        rejected(hex(HEADER, "08", "01 61 08 01", "01 61 08 02"), "duplicate field 'a'");
    }

    @Test
    void duplicateNameInANestedSection() {
        rejected(hex(HEADER, "04 01 6f 0c", "08", "01 61 08 01", "01 61 0b 00"), "duplicate field 'o.a'");
    }

    @Test
    void unprintableNamesAreEscapedInMessages() {
        MalformedStorageException e = rejected(hex(HEADER, "04 02 0a1b 0e"), "unknown type code 14");
        assertTrue(e.getMessage().contains("'\\x0a\\x1b'"), e.getMessage());
    }

    // --- type codes

    @ParameterizedTest
    @ValueSource(ints = {0, 14, 15, 0x40, 0x7f})
    void unknownTypeCode(int type) {
        rejected(hex(HEADER, "04 0161", String.format("%02x", type), "00000000"), "unknown type code " + type + " at 'a'");
    }

    @ParameterizedTest
    @ValueSource(ints = {0x80, 0x8e, 0x8f, 0xff})
    void unknownArrayElementType(int type) {
        rejected(hex(HEADER, "04 0161", String.format("%02x", type), "00"),
                String.format("unknown array element type code 0x%02x at 'a'", type));
    }

    @Test
    void arrayOfArrays() {
        // Even empty: monerod reads 0x8d with count 0 but not one element, and our model has no such value.
        rejected(hex(HEADER, "04 0161 8d 00"), "array of arrays (type 0x8d) at 'a'");
    }

    @Test
    void arrayOfArraysAnnouncedByTypeThirteen() {
        rejected(hex(HEADER, "04 0161 0d 8d 00"), "array of arrays (type 0x8d) at 'a'");
    }

    @Test
    void typeThirteenFollowedByANonArrayType() {
        rejected(hex(HEADER, "04 0161 0d 05 0000000000000000"), "type 13 followed by 0x05, not an array type");
    }

    // --- bool: monerod 0.18 rejects any byte but 0 and 1 (portable_storage_from_bin.h, "Invalid bool value")

    @ParameterizedTest
    @ValueSource(strings = {"02", "ff"})
    void boolOtherThanZeroOrOne(String b) {
        rejected(hex(HEADER, "04 0161 0b", b), "bool byte " + Integer.parseInt(b, 16) + " is not 0 or 1 at 'a'");
    }

    @Test
    void boolInAnArrayOtherThanZeroOrOne() {
        rejected(hex(HEADER, "04 0161 8b 08 01 02"), "bool byte 2 is not 0 or 1 at 'a[1]'");
    }

    // --- what follows the root

    @Test
    void trailingBytes() {
        rejected(hex(HEADER, "04 0161 08 01", "0000"), "2 trailing bytes after the root section (offset 14)");
    }

    // --- limits

    private static StorageLimits limits(int depth, int objects, int fields, int stringBytes, int arrayElements,
            int strings) {
        return new StorageLimits(depth, objects, fields, stringBytes, arrayElements, strings);
    }

    /** {a:{a:{...}}} with {@code levels} sections including the root. */
    private static byte[] nested(int levels) {
        StringBuilder sb = new StringBuilder();
        for (int i = 1; i < levels; i++) {
            sb.append("04 0161 0c"); // 1 field "a", OBJECT
        }
        sb.append("00"); // the innermost section is empty
        return hex(HEADER, sb.toString());
    }

    @Test
    void depthLimit() throws Exception {
        StorageLimits three = limits(3, 100, 100, 100, 100, 100);
        PortableStorage.read(nested(3), three);
        rejected(nested(4), three, "sections nested deeper than the 3 limit at 'a.a.a'");
    }

    @Test
    void depthLimitThroughArraysOfObjects() throws Exception {
        StorageLimits two = limits(2, 100, 100, 100, 100, 100);
        PortableStorage.read(hex(HEADER, "04 0161 8c 04 00"), two); // a: [{}]
        rejected(hex(HEADER, "04 0161 8c 04 04 0162 0c 00"), two, // a: [{b: {}}]
                "sections nested deeper than the 2 limit at 'a[0].b'");
    }

    @Test
    void handshakeDepthLimitHoldsAgainstADeepBlob() throws Exception {
        PortableStorage.read(nested(StorageLimits.HANDSHAKE.maxDepth()), StorageLimits.HANDSHAKE);
        rejected(nested(StorageLimits.HANDSHAKE.maxDepth() + 1), "nested deeper than the 8 limit");
        rejected(nested(5000), "nested deeper than the 8 limit"); // no stack overflow on the way
    }

    @Test
    void objectLimit() throws Exception {
        StorageLimits two = limits(10, 2, 100, 100, 100, 100);
        PortableStorage.read(hex(HEADER, "08", "0161 0c 00", "0162 0c 00"), two);
        rejected(hex(HEADER, "0c", "0161 0c 00", "0162 0c 00", "0163 0c 00"), two, "object over the 2 object limit at 'c'");
    }

    @Test
    void objectLimitCountsArrayElementsBeforeReadingThem() throws Exception {
        StorageLimits two = limits(10, 2, 100, 100, 100, 100);
        PortableStorage.read(hex(HEADER, "04 0161 8c 08 00 00"), two);
        rejected(hex(HEADER, "04 0161 8c 0c 00 00 00"), two, "3 objects over the 2 object limit at 'a'");
    }

    @Test
    void fieldLimitCountsEverySection() throws Exception {
        StorageLimits three = limits(10, 100, 3, 100, 100, 100);
        PortableStorage.read(hex(HEADER, "08", "0161 0c 04 0162 08 00", "0163 08 00"), three);
        rejected(hex(HEADER, "08", "0161 0c 08 0162 08 00 0164 08 00", "0163 08 00"), three,
                "2 fields over the 3 field limit (2 read before) at 'a'");
    }

    @Test
    void stringByteLimit() throws Exception {
        StorageLimits two = limits(10, 100, 100, 2, 100, 100);
        PortableStorage.read(hex(HEADER, "04 0161 0a 08 6869"), two);
        rejected(hex(HEADER, "04 0161 0a 0c 686921"), two, "string of 3 bytes over the 2 limit at 'a'");
    }

    @Test
    void stringByteLimitNamesTheNestedField() {
        // The handshake limit on a 70,000-byte network id: refused on the length, before the bytes.
        rejected(hex(HEADER, "04", "09 6e6f64655f64617461 0c", "04", "0a 6e6574776f726b5f6964 0a", "c2450400"), // (70000 << 2) | 2
                "string of 70000 bytes over the 65536 limit at 'node_data.network_id'");
    }

    @Test
    void arrayElementLimit() throws Exception {
        StorageLimits two = limits(10, 100, 100, 100, 2, 100);
        PortableStorage.read(hex(HEADER, "04 0161 88 08 0102"), two);
        rejected(hex(HEADER, "04 0161 88 0c 010203"), two, "array of 3 elements over the 2 limit at 'a'");
    }

    @Test
    void totalStringLimitCountsFieldsAndElements() throws Exception {
        StorageLimits two = limits(10, 100, 100, 100, 100, 2);
        PortableStorage.read(hex(HEADER, "08", "0161 0a 00", "0162 8a 04 00"), two);
        rejected(hex(HEADER, "0c", "0161 0a 00", "0162 8a 04 00", "0163 0a 00"), two,
                "3 strings over the 2 string limit at 'c'");
        rejected(hex(HEADER, "08", "0161 0a 00", "0162 8a 08 00 00"), two, "3 strings over the 2 string limit at 'b'");
    }

    @Test
    void limitsValidateThemselves() {
        assertThrows(IllegalArgumentException.class, () -> limits(0, 1, 1, 1, 1, 1));
        assertThrows(IllegalArgumentException.class, () -> limits(101, 1, 1, 1, 1, 1));
        assertThrows(IllegalArgumentException.class, () -> limits(1, -1, 1, 1, 1, 1));
    }
}
