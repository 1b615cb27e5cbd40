package dev.weft.io;

import static dev.weft.io.PutChars.LATIN1;
import static dev.weft.io.PutChars.UNICODE;

import dev.weft.term.Atom;
import dev.weft.term.Inspect;
import dev.weft.term.Tuple;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Conversions between chardata / iodata terms and the bytes a device stores. Text is a String
 * (an Elixir binary holding UTF-8), raw bytes are a {@code byte[]}; chardata is either, or a list
 * of code points, strings and nested lists.
 */
final class Chars {
    static final Atom UTF8 = Atom.of("utf8");
    static final Tuple NO_TRANSLATION = Tuple.of(Atom.of("no_translation"), UNICODE, LATIN1);
    /** Why reading characters from a unicode device failed on bytes that are not UTF-8 (get_chars). */
    static final Atom INVALID_UNICODE = Atom.of("invalid_unicode");
    /** Why reading a line from a unicode device failed on bytes that are not UTF-8 (get_line), as the BEAM says. */
    static final Tuple NOT_UTF8_LINE = Tuple.of(Atom.of("no_translation"), UNICODE, UNICODE);

    private Chars() {}

    /** {@code :utf8} and {@code :unicode} are the same encoding; anything but those and {@code :latin1} is refused. */
    static Atom encoding(Object enc) {
        if (UNICODE.equals(enc) || UTF8.equals(enc)) return UNICODE;
        if (LATIN1.equals(enc)) return LATIN1;
        throw new IllegalArgumentException("unknown encoding " + Inspect.inspect(enc) + " (known: :unicode, :utf8, :latin1)");
    }

    /** What {@code IO.write}/{@code IO.puts} print for {@code item}: Elixir's {@code to_chardata}. */
    static String text(Object item, String function) {
        return switch (item) {
            case String s -> s;
            case Atom a -> a.name();
            case Number n -> n.toString();
            case Character c -> c.toString();
            case byte[] b -> new String(b, StandardCharsets.UTF_8);
            case List<?> l -> unicode(l);
            case null, default -> throw new IllegalArgumentException("IO." + function + " cannot print " + Inspect.inspect(item)
                    + ": give a String, an Atom, a number, chardata (a list of code points and strings) or bytes; use IO.inspect for other terms");
        };
    }

    /** Unicode chardata as a String: strings, bytes as UTF-8, code points, nested lists. */
    static String unicode(Object chardata) {
        if (chardata instanceof String s) return s;
        StringBuilder sb = new StringBuilder();
        appendUnicode(sb, chardata);
        return sb.toString();
    }

    private static void appendUnicode(StringBuilder sb, Object data) {
        switch (data) {
            case String s -> sb.append(s);
            case byte[] b -> sb.append(new String(b, StandardCharsets.UTF_8));
            case Integer cp when Character.isValidCodePoint(cp) -> sb.appendCodePoint(cp);
            case Character c -> sb.append(c.charValue());
            case List<?> l -> {
                for (Object o : l) appendUnicode(sb, o);
            }
            case null, default -> throw new IllegalArgumentException("not chardata: " + Inspect.inspect(data)
                    + " (expected strings, bytes, code points or lists of them)");
        }
    }

    /** iodata as bytes: a byte[] as is, strings as UTF-8, integers 0..255, nested lists. */
    static byte[] bytes(Object iodata) {
        return switch (iodata) {
            case byte[] b -> b;
            case String s -> s.getBytes(StandardCharsets.UTF_8);
            default -> {
                ByteArrayOutputStream out = new ByteArrayOutputStream();
                appendBytes(out, iodata);
                yield out.toByteArray();
            }
        };
    }

    private static void appendBytes(ByteArrayOutputStream out, Object data) {
        switch (data) {
            case byte[] b -> out.writeBytes(b);
            case String s -> out.writeBytes(s.getBytes(StandardCharsets.UTF_8));
            case Integer i when i >= 0 && i < 256 -> out.write(i);
            case List<?> l -> {
                for (Object o : l) appendBytes(out, o);
            }
            case null, default -> throw new IllegalArgumentException("not iodata: " + Inspect.inspect(data)
                    + " (expected bytes, strings, integers 0..255 or lists of them)");
        }
    }

    /** The bytes a device with encoding {@code device} stores for {@code put_chars(encoding, data)}. */
    static byte[] encode(Atom encoding, Object data, Atom device) {
        if (encoding(encoding) == LATIN1) {
            byte[] b = bytes(data);
            return device == LATIN1 || ascii(b) ? b : new String(b, StandardCharsets.ISO_8859_1).getBytes(StandardCharsets.UTF_8);
        }
        String s = unicode(data);
        return device == UNICODE ? s.getBytes(StandardCharsets.UTF_8) : latin1(s);
    }

    private static boolean ascii(byte[] b) {
        for (byte x : b) if (x < 0) return false;
        return true;
    }

    private static byte[] latin1(String s) {
        for (int i = 0; i < s.length(); i++) {
            if (s.charAt(i) > 0xff) throw new IoServer.Failure(NO_TRANSLATION);
        }
        return s.getBytes(StandardCharsets.ISO_8859_1);
    }

    /**
     * The reply for bytes {@code b[off, off+len)} read from a device with encoding {@code device}, to a
     * request in {@code encoding}: a String (unicode) or bytes (latin1), or in list mode a list of codes.
     * Bytes that are not UTF-8 on a unicode device fail with reason {@code invalid}.
     */
    static Object decode(byte[] b, int off, int len, Atom device, Atom encoding, boolean binary, Object invalid) {
        Atom want = encoding(encoding);
        if (device == LATIN1) {
            if (want == LATIN1 && binary) return Arrays.copyOfRange(b, off, off + len);
            if (binary) return new String(b, off, len, StandardCharsets.ISO_8859_1);
            List<Integer> codes = new ArrayList<>(len);
            for (int i = off; i < off + len; i++) codes.add(b[i] & 0xff);
            return List.copyOf(codes);
        }
        String s = new String(b, off, len, StandardCharsets.UTF_8);
        if (s.indexOf('\uFFFD') >= 0) checkUtf8(b, off, len, invalid);
        byte[] asLatin1 = want == LATIN1 ? latin1(s) : null;
        if (!binary) return s.codePoints().boxed().toList();
        return asLatin1 != null ? asLatin1 : s;
    }

    /** Fails with {@code reason} unless {@code b[off, off+len)} is UTF-8 (a U+FFFD in the text may be the decoder's replacement). */
    private static void checkUtf8(byte[] b, int off, int len, Object reason) {
        try {
            StandardCharsets.UTF_8.newDecoder().decode(ByteBuffer.wrap(b, off, len));
        } catch (CharacterCodingException e) {
            throw new IoServer.Failure(reason);
        }
    }

    /** Byte length of the UTF-8 sequence starting with {@code lead} (1 for a stray continuation byte). */
    static int utf8Length(byte lead) {
        int b = lead & 0xff;
        return b < 0xc0 ? 1 : b < 0xe0 ? 2 : b < 0xf0 ? 3 : 4;
    }
}
