package dev.weft.io;

import dev.weft.term.Atom;
import dev.weft.term.Tuple;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.util.Arrays;

/**
 * An open file. Writes are copied into a buffer (64 KiB, grown for single writes up to 1 MiB) that
 * is written out once it holds 64 KiB (after the reply, so the writer's next request overlaps the
 * system call), before any read or positioning, when the server is idle, at close, and when the
 * owner exits or the server is killed.
 */
final class FileDevice implements Device {
    /** Buffered data is written out once it reaches this size, right after the reply. */
    private static final int FLUSH_AT = 64 * 1024;
    /** A single write larger than this goes to the file before the reply instead of through the buffer. */
    private static final int MAX_BUFFER = 1 << 20;
    private static final Atom SYNC = Atom.of("sync");
    private static final Atom POSITION = Atom.of("position");
    private static final Atom PREAD = Atom.of("pread");
    private static final Atom PWRITE = Atom.of("pwrite");
    private static final Atom BOF = Atom.of("bof");
    private static final Atom CUR = Atom.of("cur");

    private static final IoServer.Failure EBADF = new IoServer.Failure(Atom.of("ebadf"));

    private final FileChannel channel;
    private final boolean readable;
    private final boolean writable;
    private ByteBuffer out = ByteBuffer.allocateDirect(FLUSH_AT);

    FileDevice(FileChannel channel, boolean readable, boolean writable) {
        this.channel = channel;
        this.readable = readable;
        this.writable = writable;
    }

    @Override
    public void write(byte[] bytes) throws IOException {
        if (!writable) throw EBADF;
        if (bytes.length > out.remaining()) {
            flush();
            if (bytes.length > MAX_BUFFER) {
                writeFully(ByteBuffer.wrap(bytes), -1);
                return;
            }
            if (bytes.length > out.capacity()) out = ByteBuffer.allocateDirect(Integer.highestOneBit(bytes.length - 1) << 1);
        }
        out.put(bytes);
    }

    @Override
    public int read(byte[] into, int off, int len) throws IOException {
        if (!readable) throw EBADF;
        flush();
        return channel.read(ByteBuffer.wrap(into, off, len));
    }

    @Override
    public boolean unread(int n) throws IOException {
        channel.position(channel.position() - n);
        return true;
    }

    @Override
    public boolean pending() {
        return out.position() > 0;
    }

    @Override
    public boolean full() {
        return out.position() >= FLUSH_AT;
    }

    @Override
    public void flush() throws IOException {
        if (out.position() == 0) return;
        out.flip();
        try {
            writeFully(out, -1);
        } finally {
            out.clear();
        }
    }

    private void writeFully(ByteBuffer b, long at) throws IOException {
        while (b.hasRemaining()) {
            if (at < 0) channel.write(b);
            else at += channel.write(b, at);
        }
    }

    @Override
    public Object control(Object request) throws IOException {
        flush();
        if (SYNC.equals(request)) {
            channel.force(false);
            return Atom.OK;
        }
        if (request instanceof Tuple t && t.is(POSITION, 2)) return position(t.get(1));
        if (request instanceof Tuple t && t.is(PREAD, 3) && t.get(1) instanceof Number at && t.get(2) instanceof Number n) {
            return pread(at.longValue(), n.intValue());
        }
        if (request instanceof Tuple t && t.is(PWRITE, 3) && t.get(1) instanceof Number at) {
            if (at.longValue() < 0) return Tuple.of(Atom.ERROR, Atom.of("einval"));
            writeFully(ByteBuffer.wrap(Chars.bytes(t.get(2))), at.longValue());
            return Atom.OK;
        }
        return Tuple.of(Atom.ERROR, REQUEST);
    }

    /** {@code at}: an offset from the start, {@code :bof | :cur | :eof}, or {@code {:bof | :cur | :eof, offset}}. */
    private Object position(Object at) throws IOException {
        Object base = at instanceof Tuple t && t.size() == 2 ? t.get(0) : at instanceof Number ? BOF : at;
        long offset = at instanceof Tuple t && t.size() == 2 && t.get(1) instanceof Number n ? n.longValue()
                : at instanceof Number n ? n.longValue() : 0;
        long from = BOF.equals(base) ? 0 : CUR.equals(base) ? channel.position() : IoServer.EOF.equals(base) ? channel.size() : -1;
        if (from < 0) throw new IllegalArgumentException("bad position " + at);
        if (from + offset < 0) return Tuple.of(Atom.ERROR, Atom.of("einval"));
        channel.position(from + offset);
        return Tuple.of(Atom.OK, from + offset);
    }

    private Object pread(long at, int n) throws IOException {
        if (at < 0 || n < 0) return Tuple.of(Atom.ERROR, Atom.of("einval"));
        ByteBuffer b = ByteBuffer.allocate(n);
        while (b.hasRemaining()) {
            if (channel.read(b, at + b.position()) < 0) break;
        }
        if (b.position() == 0 && n > 0) return IoServer.EOF;
        return Tuple.of(Atom.OK, Arrays.copyOf(b.array(), b.position()));
    }

    @Override
    public Object close() throws IOException {
        try {
            flush();
        } finally {
            channel.close();
        }
        return Atom.OK;
    }
}
