package dev.weft.io;

import dev.weft.term.Atom;
import dev.weft.term.Tuple;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/** The device behind {@link StringIO}: input read from a string, output collected in memory. */
final class StringDevice implements Device {
    static final Atom CONTENTS = Atom.of("contents");
    static final Atom FLUSH = Atom.of("flush");

    private final byte[] input;
    private int pos;
    private final ByteArrayOutputStream output = new ByteArrayOutputStream();

    StringDevice(String input) {
        this.input = input.getBytes(StandardCharsets.UTF_8);
    }

    @Override
    public void write(byte[] bytes) {
        output.writeBytes(bytes);
    }

    @Override
    public int read(byte[] into, int off, int len) {
        if (pos == input.length) return -1;
        int n = Math.min(len, input.length - pos);
        System.arraycopy(input, pos, into, off, n);
        pos += n;
        return n;
    }

    @Override
    public boolean unread(int n) {
        pos -= n;
        return true;
    }

    @Override
    public Object control(Object request) {
        if (CONTENTS.equals(request)) return contents();
        if (FLUSH.equals(request)) {
            String out = output.toString(StandardCharsets.UTF_8);
            output.reset();
            return out;
        }
        return Tuple.of(Atom.ERROR, REQUEST);
    }

    private Tuple contents() {
        return Tuple.of(new String(input, pos, input.length - pos, StandardCharsets.UTF_8), output.toString(StandardCharsets.UTF_8));
    }

    @Override
    public Object close() {
        return contents();
    }
}
