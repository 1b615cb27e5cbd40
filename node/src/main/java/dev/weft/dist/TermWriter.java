package dev.weft.dist;

import com.google.protobuf.ByteString;
import com.google.protobuf.CodedOutputStream;
import com.google.protobuf.MessageLite;
import com.google.protobuf.UnsafeByteOperations;
import com.google.protobuf.WireFormat;
import dev.weft.term.Atom;
import dev.weft.term.NodeNames;
import dev.weft.term.Pid;
import dev.weft.term.Ref;
import dev.weft.term.Tuple;
import dev.weft.wire.EnumTerm;
import dev.weft.wire.ExceptionTerm;
import dev.weft.wire.StackFrame;
import java.io.IOException;
import java.io.Serializable;
import java.io.UncheckedIOException;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.reflect.RecordComponent;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * Writes a term in the encoding of {@code term.proto}'s {@code Term} straight from the Java value, in
 * two passes (sizes, then bytes) and without building protobuf's objects: the bytes are those
 * protobuf would write for the same {@code Term}. The sizes of nested messages are kept in pre-order
 * in the first pass and taken in the same order in the second. Binaries of {@link #BIG} bytes or
 * more are not copied: the result is a rope of the bytes around them and the binaries themselves
 * (messages are immutable values). Exceptions, enum constants and lambdas, which are rare, go
 * through their generated messages. One writer per term; not thread-safe.
 */
final class TermWriter {
    /** Binaries from this size on are referred to, not copied. */
    static final int BIG = 4096;
    /** Nesting deeper than this is refused (the reader refuses it too). */
    static final int MAX_DEPTH = 1000;

    /** The field numbers of {@code Term}'s kinds. */
    static final int ATOM = 1, INT = 2, BIG_INT = 3, FLOAT = 4, STRING = 5, BINARY = 6, TUPLE = 7, LIST = 8, MAP = 9,
            PID = 10, REF = 11, RECORD = 12, BOOLEAN = 13, NIL = 14, SMALL_INT = 15, EXCEPTION = 16, CONSTANT = 17, FUNCTION = 18;
    private static final ClassValue<MethodHandle[]> ACCESSORS = new ClassValue<>() {
        @Override
        protected MethodHandle[] computeValue(Class<?> type) {
            RecordComponent[] parts = type.getRecordComponents();
            MethodHandle[] out = new MethodHandle[parts.length];
            for (int i = 0; i < parts.length; i++) {
                try {
                    parts[i].getAccessor().setAccessible(true);
                    out[i] = MethodHandles.lookup().unreflect(parts[i].getAccessor());
                } catch (IllegalAccessException | RuntimeException e) {
                    throw new IllegalArgumentException("cannot read component " + parts[i].getName() + " of " + type.getName(), e);
                }
            }
            return out;
        }
    };

    /** Sizes of nested messages, in pre-order. */
    private int[] sizes = new int[8];
    /** What the first pass made for the second, by slot: a record's components, a rare kind's message (made when first needed). */
    private Object[] kept;
    private int count;
    private int next;
    private int bigBytes;
    private CodedOutputStream out;
    private byte[] buffer;
    private int chunkStart;
    private List<ByteString> chunks;

    private TermWriter() {}

    /** The encoded {@code Term} for {@code t}; {@link IllegalArgumentException} if {@code t} is not a term. */
    static ByteString encode(Object t) {
        TermWriter w = new TermWriter();
        int size = w.size(t, 0);
        w.buffer = new byte[size - w.bigBytes];
        w.out = CodedOutputStream.newInstance(w.buffer);
        try {
            w.write(t);
        } catch (IOException e) {
            throw new UncheckedIOException("a term did not fit the size computed for it", e);
        }
        if (w.chunks == null) return UnsafeByteOperations.unsafeWrap(w.buffer);
        w.cut();
        ByteString all = ByteString.EMPTY;
        for (ByteString c : w.chunks) all = all.concat(c);
        return all;
    }

    // ---------------------------------------------------------------- pass 1: sizes

    private int reserve() {
        if (count == sizes.length) sizes = Arrays.copyOf(sizes, count * 2);
        return count++;
    }

    private <T> T keep(int slot, T value) {
        if (kept == null) kept = new Object[sizes.length];
        else if (kept.length < sizes.length) kept = Arrays.copyOf(kept, sizes.length);
        kept[slot] = value;
        return value;
    }

    /** The size of {@code t}'s Term body, kept (with those of its parts) for the second pass. */
    private int size(Object t, int depth) {
        if (depth > MAX_DEPTH) throw new IllegalArgumentException("a term nested more than " + MAX_DEPTH + " deep cannot travel to another node");
        int slot = reserve();
        int size = switch (t) {
            case null -> CodedOutputStream.computeBoolSize(NIL, true);
            case Atom a -> CodedOutputStream.computeStringSize(ATOM, a.name());
            case Boolean v -> CodedOutputStream.computeBoolSize(BOOLEAN, v);
            case Integer i -> CodedOutputStream.computeSInt32Size(SMALL_INT, i);
            case Long l -> CodedOutputStream.computeSInt64Size(INT, l);
            case BigInteger i -> CodedOutputStream.computeByteArraySize(BIG_INT, i.toByteArray());
            case Double d -> CodedOutputStream.computeDoubleSize(FLOAT, d);
            case String s -> CodedOutputStream.computeStringSize(STRING, s);
            case byte[] bytes -> {
                if (bytes.length >= BIG) bigBytes += bytes.length;
                yield CodedOutputStream.computeByteArraySize(BINARY, bytes);
            }
            case Tuple tuple -> {
                int body = reserve();
                int n = 0;
                for (int i = 0; i < tuple.size(); i++) n += item(1, tuple.get(i), depth);
                yield nested(TUPLE, body, n);
            }
            case List<?> list -> {
                int body = reserve();
                int n = 0;
                for (Object o : list) n += item(1, o, depth);
                yield nested(LIST, body, n);
            }
            case Map<?, ?> map -> {
                int body = reserve();
                int n = 0;
                for (Map.Entry<?, ?> e : map.entrySet()) n += item(1, e.getKey(), depth);
                for (Map.Entry<?, ?> e : map.entrySet()) n += item(2, e.getValue(), depth);
                yield nested(MAP, body, n);
            }
            case Pid p -> nested(PID, reserve(), idSize(p.node(), p.id(), p.creation()));
            case Ref r -> nested(REF, reserve(), idSize(r.node(), r.id(), r.creation()));
            case Record r -> {
                int body = reserve();
                int n = CodedOutputStream.computeStringSize(1, r.getClass().getName());
                for (Object c : keep(slot, components(r))) n += item(2, c, depth);
                yield nested(RECORD, body, n);
            }
            case Enum<?> e -> generated(CONSTANT, slot, EnumTerm.newBuilder().setType(e.getDeclaringClass().getName()).setName(e.name()).build());
            case Throwable e -> generated(EXCEPTION, slot, exception(e));
            case Serializable fn when fn.getClass().isSynthetic() -> generated(FUNCTION, slot, LambdaCodec.encode(fn));   // a serializable lambda
            default -> throw new IllegalArgumentException("cannot send a " + t.getClass().getName()
                    + " to another node: only terms travel (atoms, numbers, strings, binaries, tuples, lists, maps, pids, refs, records, enums, serializable lambdas)");
        };
        sizes[slot] = size;
        return size;
    }

    /** The size of a Term inside a message, as field {@code field}: tag, length and body. */
    private int item(int field, Object t, int depth) {
        int s = size(t, depth + 1);
        return CodedOutputStream.computeTagSize(field) + CodedOutputStream.computeUInt32SizeNoTag(s) + s;
    }

    private int nested(int field, int bodySlot, int body) {
        sizes[bodySlot] = body;
        return CodedOutputStream.computeTagSize(field) + CodedOutputStream.computeUInt32SizeNoTag(body) + body;
    }

    private int generated(int field, int slot, MessageLite m) {
        return CodedOutputStream.computeMessageSize(field, keep(slot, m));
    }

    private static int idSize(Atom node, long id, int creation) {
        int n = CodedOutputStream.computeStringSize(1, wireName(node));
        if (id != 0) n += CodedOutputStream.computeUInt64Size(2, id);
        if (creation != 0) n += CodedOutputStream.computeUInt32Size(3, creation);
        return n;
    }

    /** A pid or ref made before distribution started travels as this node's (see {@link TermCodec}). */
    static String wireName(Atom node) {
        return (node.equals(NodeNames.NONODE) ? NodeNames.local() : node).name();
    }

    private static Object[] components(Record r) {
        MethodHandle[] accessors = ACCESSORS.get(r.getClass());
        Object[] values = new Object[accessors.length];
        for (int i = 0; i < accessors.length; i++) {
            try {
                values[i] = accessors[i].invoke(r);
            } catch (Throwable e) {
                throw new IllegalArgumentException("cannot read component " + i + " of " + r.getClass().getName(), e);
            }
        }
        return values;
    }

    private static ExceptionTerm exception(Throwable e) {
        ExceptionTerm.Builder b = ExceptionTerm.newBuilder()
                .setType(e instanceof RemoteException re ? re.type() : e.getClass().getName())
                .setMessage(String.valueOf(e.getMessage()));
        for (StackTraceElement f : e.getStackTrace()) {
            b.addStack(StackFrame.newBuilder().setDeclaringClass(f.getClassName()).setMethod(f.getMethodName())
                    .setFile(f.getFileName() == null ? "" : f.getFileName()).setLine(f.getLineNumber()));
        }
        return b.build();
    }

    // ---------------------------------------------------------------- pass 2: bytes

    /** Writes {@code t}'s Term body, taking the sizes in the order {@link #size} kept them. */
    private void write(Object t) throws IOException {
        int slot = next++;
        switch (t) {
            case null -> out.writeBool(NIL, true);
            case Atom a -> out.writeString(ATOM, a.name());
            case Boolean v -> out.writeBool(BOOLEAN, v);
            case Integer i -> out.writeSInt32(SMALL_INT, i);
            case Long l -> out.writeSInt64(INT, l);
            case BigInteger i -> out.writeByteArray(BIG_INT, i.toByteArray());
            case Double d -> out.writeDouble(FLOAT, d);
            case String s -> out.writeString(STRING, s);
            case byte[] bytes when bytes.length >= BIG -> {
                out.writeTag(BINARY, WireFormat.WIRETYPE_LENGTH_DELIMITED);
                out.writeUInt32NoTag(bytes.length);
                cut();
                chunks.add(UnsafeByteOperations.unsafeWrap(bytes));
            }
            case byte[] bytes -> out.writeByteArray(BINARY, bytes);
            case Tuple tuple -> {
                open(TUPLE);
                for (int i = 0; i < tuple.size(); i++) writeItem(1, tuple.get(i));
            }
            case List<?> list -> {
                open(LIST);
                for (Object o : list) writeItem(1, o);
            }
            case Map<?, ?> map -> {
                open(MAP);
                for (Map.Entry<?, ?> e : map.entrySet()) writeItem(1, e.getKey());
                for (Map.Entry<?, ?> e : map.entrySet()) writeItem(2, e.getValue());
            }
            case Pid p -> writeId(PID, p.node(), p.id(), p.creation());
            case Ref r -> writeId(REF, r.node(), r.id(), r.creation());
            case Record r -> {
                open(RECORD);
                out.writeString(1, r.getClass().getName());
                for (Object c : (Object[]) kept[slot]) writeItem(2, c);
            }
            default -> {   // an enum, an exception or a lambda: its message was built in the first pass
                int field = t instanceof Enum<?> ? CONSTANT : t instanceof Throwable ? EXCEPTION : FUNCTION;
                out.writeMessage(field, (MessageLite) kept[slot]);
            }
        }
    }

    private void writeItem(int field, Object t) throws IOException {
        out.writeTag(field, WireFormat.WIRETYPE_LENGTH_DELIMITED);
        out.writeUInt32NoTag(sizes[next]);
        write(t);
    }

    /** Tag and length of the nested message whose size is next. */
    private void open(int field) throws IOException {
        out.writeTag(field, WireFormat.WIRETYPE_LENGTH_DELIMITED);
        out.writeUInt32NoTag(sizes[next++]);
    }

    private void writeId(int field, Atom node, long id, int creation) throws IOException {
        open(field);
        out.writeString(1, wireName(node));
        if (id != 0) out.writeUInt64(2, id);
        if (creation != 0) out.writeUInt32(3, creation);
    }

    /** Ends the chunk of the buffer written so far (before a big binary, and at the end). */
    private void cut() {
        if (chunks == null) chunks = new ArrayList<>();
        int at = out.getTotalBytesWritten();
        if (at > chunkStart) chunks.add(UnsafeByteOperations.unsafeWrap(buffer, chunkStart, at - chunkStart));
        chunkStart = at;
    }
}
