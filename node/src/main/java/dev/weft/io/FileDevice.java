package dev.weft.io;

import dev.weft.term.Atom;
import dev.weft.term.Tuple;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.util.Arrays;

/**
 * An open file. Writes are copied into a buffer (64 KiB; 1 MiB once the file gets writes of 64 KiB
 * or more, so large writes take fewer system calls) that is written out when the next write does not
 * fit, when it is full, a couple of milliseconds after it got data, before any read or positioning,
 * at close, and when the owner exits or the server is killed. Buffers are written out in the
 * background ({@link WriteBehind}), so the writer's next requests overlap the kernel's copy; a read,
 * positioning, a write larger than the buffer or close waits until they are in the file, and a failed
 * write is the reply to a later request, as with Erlang's {@code delayed_write}.
 */
final class FileDevice implements Device {
    private static final int BUFFER = 64 * 1024;
    /** The buffer of a file that gets writes of BUFFER bytes or more; a larger write goes to the file directly. */
    private static final int LARGE_BUFFER = 1 << 20;
    private static final Atom SYNC = Atom.of("sync");
    private static final Atom DATASYNC = Atom.of("datasync");
    private static final Atom TRUNCATE = Atom.of("truncate");
    private static final IoServer.Failure EINVAL = new IoServer.Failure(Atom.of("einval"));
    private static final Atom POSITION = Atom.of("position");
    private static final Atom PREAD = Atom.of("pread");
    private static final Atom PWRITE = Atom.of("pwrite");
    private static final Atom BOF = Atom.of("bof");
    private static final Atom CUR = Atom.of("cur");

    private static final IoServer.Failure EBADF = new IoServer.Failure(Atom.of("ebadf"));
    private final FileChannel channel;
    private final boolean readable;
    private final boolean writable;
    /** Opened for reading and appending: each run of writes starts at the end of the file, as O_APPEND would. */
    private final boolean append;
    private ByteBuffer out = ByteBuffer.allocateDirect(BUFFER);
    private final WriteBehind behind;

    FileDevice(FileChannel channel, boolean readable, boolean writable, boolean append) {
        this.channel = channel;
        this.readable = readable;
        this.writable = writable;
        this.append = append;
        this.behind = new WriteBehind(channel);
    }

    @Override
    public void write(byte[] bytes) throws IOException {
        if (!writable) throw EBADF;
        if (append && out.position() == 0) {
            sync();
            channel.position(channel.size());
        }
        if (bytes.length >= BUFFER && out.capacity() < LARGE_BUFFER) {
            flush();
            out = behind.resize(LARGE_BUFFER);
        }
        if (bytes.length > out.remaining()) {
            if (bytes.length > out.capacity()) {
                sync();
                writeFully(ByteBuffer.wrap(bytes), -1);
                return;
            }
            flush();
        }
        out.put(bytes);
    }

    @Override
    public int read(byte[] into, int off, int len) throws IOException {
        if (!readable) throw EBADF;
        sync();
        return channel.read(ByteBuffer.wrap(into, off, len));
    }

    @Override
    public boolean unread(int n) throws IOException {
        sync();
        channel.position(channel.position() - n);
        return true;
    }

    @Override
    public boolean stopsOnError() {
        return true;
    }

    @Override
    public boolean pending() {
        return out.position() > 0;
    }

    @Override
    public boolean full() {
        return !out.hasRemaining();
    }

    /** Starts writing the buffer out in the background. */
    @Override
    public void flush() throws IOException {
        if (out.position() > 0) out = behind.swap(out.flip());
    }

    /** Writes out everything buffered and waits until it is in the file. */
    private void sync() throws IOException {
        flush();
        behind.sync();
    }

    private void writeFully(ByteBuffer b, long at) throws IOException {
        while (b.hasRemaining()) {
            if (at < 0) channel.write(b);
            else at += channel.write(b, at);
        }
    }

    @Override
    public Object control(Object request) throws IOException {
        sync();
        if (SYNC.equals(request) || DATASYNC.equals(request)) {
            channel.force(SYNC.equals(request));
            return Atom.OK;
        }
        if (TRUNCATE.equals(request)) {
            if (!writable) throw EINVAL;
            channel.truncate(channel.position());
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
        return Tuple.of(Atom.ERROR, Tuple.of(REQUEST, request));   // file_io_server names the request it does not know
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
            sync();
        } finally {
            channel.close();
        }
        return Atom.OK;
    }
}
