package org.nodehandshake.libp2p;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * The few protocol buffer messages libp2p's handshake carries (keys, the Noise payload, Identify), read and
 * written without a protobuf library. Only the wire types those messages use are accepted: varint (0) and
 * length-delimited (2); fixed 64- and 32-bit fields (1, 5) are skipped as unknown fields must be, groups
 * (3, 4) are refused. A message is read whole from an array its caller has already bounded, and the number
 * of fields is capped so a small message cannot stand for a huge list.
 */
public final class Protobuf {

    public static final int VARINT = 0;
    public static final int FIXED64 = 1;
    public static final int LENGTH_DELIMITED = 2;
    public static final int FIXED32 = 5;

    private static final int MAX_FIELD_NUMBER = (1 << 29) - 1;

    private Protobuf() {
    }

    /** One field as read: its number, wire type, and its value (a varint, or the bytes of a length-delimited field). */
    public record Field(int number, int wireType, long varint, byte[] bytes) {
        public Field {
            bytes = bytes.clone();
        }

        @Override
        public byte[] bytes() {
            return bytes.clone();
        }
    }

    /** A decoded message: its fields in wire order, repeated ones kept. */
    public record Message(List<Field> fields) {
        public Message {
            fields = List.copyOf(fields);
        }

        /** The last occurrence of a length-delimited field (protobuf's rule for a non-repeated field). */
        public Optional<byte[]> bytes(int number) throws MalformedMessageException {
            Optional<byte[]> last = Optional.empty();
            for (Field f : fields) {
                if (f.number() == number) {
                    last = Optional.of(lengthDelimited(f).bytes());
                }
            }
            return last;
        }

        public Optional<String> string(int number) throws MalformedMessageException {
            Optional<byte[]> b = bytes(number);
            return b.isPresent() ? Optional.of(new String(b.get(), StandardCharsets.UTF_8)) : Optional.empty();
        }

        /** Every occurrence of a repeated length-delimited field, in order. */
        public List<byte[]> repeated(int number) throws MalformedMessageException {
            List<byte[]> all = new ArrayList<>();
            for (Field f : fields) {
                if (f.number() == number) {
                    all.add(lengthDelimited(f).bytes());
                }
            }
            return all;
        }

        public List<String> repeatedStrings(int number) throws MalformedMessageException {
            List<String> all = new ArrayList<>();
            for (byte[] b : repeated(number)) {
                all.add(new String(b, StandardCharsets.UTF_8));
            }
            return all;
        }

        /** The last occurrence of a varint field. */
        public OptionalLong varint(int number) throws MalformedMessageException {
            OptionalLong last = OptionalLong.empty();
            for (Field f : fields) {
                if (f.number() == number) {
                    if (f.wireType() != VARINT) {
                        throw new MalformedMessageException("field " + number + ": wire type " + f.wireType()
                                + " where a varint belongs");
                    }
                    last = OptionalLong.of(f.varint());
                }
            }
            return last;
        }

        private static Field lengthDelimited(Field f) throws MalformedMessageException {
            if (f.wireType() != LENGTH_DELIMITED) {
                throw new MalformedMessageException("field " + f.number() + ": wire type " + f.wireType()
                        + " where bytes belong");
            }
            return f;
        }
    }

    /** Reads a whole message; at most {@code maxFields} fields. */
    public static Message read(byte[] data, int maxFields) throws MalformedMessageException {
        List<Field> fields = new ArrayList<>();
        int at = 0;
        while (at < data.length) {
            if (fields.size() == maxFields) {
                throw new MalformedMessageException("more than " + maxFields + " protobuf fields");
            }
            Varint.Read tag = Varint.read(data, at, data.length);
            at = tag.next();
            long number = tag.value() >>> 3;
            int wireType = (int) (tag.value() & 7);
            if (number == 0 || number > MAX_FIELD_NUMBER) {
                throw new MalformedMessageException("protobuf field number " + number + " out of range");
            }
            switch (wireType) {
                case VARINT -> {
                    Varint.Read value = Varint.read(data, at, data.length);
                    at = value.next();
                    fields.add(new Field((int) number, VARINT, value.value(), new byte[0]));
                }
                case LENGTH_DELIMITED -> {
                    Varint.Read length = Varint.read(data, at, data.length);
                    at = length.next();
                    if (length.value() > data.length - at) {
                        throw new MalformedMessageException("field " + number + " declares " + length.value()
                                + " bytes, " + (data.length - at) + " left");
                    }
                    int end = at + (int) length.value();
                    byte[] value = Arrays.copyOfRange(data, at, end);
                    at = end;
                    fields.add(new Field((int) number, LENGTH_DELIMITED, 0, value));
                }
                case FIXED64, FIXED32 -> {
                    int size = wireType == FIXED64 ? 8 : 4;
                    if (size > data.length - at) {
                        throw new MalformedMessageException("field " + number + " cut short");
                    }
                    at += size; // no message we read uses fixed fields: skipped, as unknown fields are
                }
                default -> throw new MalformedMessageException("protobuf wire type " + wireType + " not accepted");
            }
        }
        return new Message(fields);
    }

    /** Builds a message field by field, in the order written. */
    public static final class Writer {
        private final ByteArrayOutputStream out = new ByteArrayOutputStream();

        public Writer varint(int number, long value) {
            Varint.write(((long) number << 3) | VARINT, out);
            Varint.write(value, out);
            return this;
        }

        public Writer bytes(int number, byte[] value) {
            Varint.write(((long) number << 3) | LENGTH_DELIMITED, out);
            Varint.write(value.length, out);
            out.writeBytes(value);
            return this;
        }

        public Writer string(int number, String value) {
            return bytes(number, value.getBytes(StandardCharsets.UTF_8));
        }

        public byte[] toByteArray() {
            return out.toByteArray();
        }
    }

    public static Writer writer() {
        return new Writer();
    }
}
