package dev.weft.dist;

import com.google.protobuf.ByteString;
import com.google.protobuf.CodedInputStream;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.WireFormat;
import dev.weft.term.Atom;
import dev.weft.term.NodeNames;
import dev.weft.term.Pid;
import dev.weft.term.Ref;
import dev.weft.term.Tuple;
import dev.weft.wire.EnumTerm;
import dev.weft.wire.ExceptionTerm;
import dev.weft.wire.LambdaTerm;
import dev.weft.wire.PidTerm;
import dev.weft.wire.RefTerm;
import dev.weft.wire.StackFrame;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.reflect.Constructor;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.RecordComponent;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Terms to and from the wire encoding, so that what arrives is the same Java value that was sent:
 * atoms, {@code Integer}, {@code Long}, {@code BigInteger}, {@code Double}, strings, {@code byte[]},
 * tuples, lists, maps, pids, refs, booleans, null, allowed records and enum constants, serializable lambdas
 * of allowed classes (Elixir's funs), and exceptions (which arrive as
 * {@link RemoteException}). Anything else is refused with an {@link IllegalArgumentException} on the
 * sending side. A record class is looked up only when its name is on the allow-list, and never
 * initialised by the lookup. The encoding is {@code term.proto}'s {@code Term}, written by
 * {@link TermWriter} and read here in one pass, without protobuf's objects; the atoms and node names
 * that arrive are looked up in an {@link AtomCache}. Thread-safe.
 */
final class TermCodec {
    private static final int LEN = WireFormat.WIRETYPE_LENGTH_DELIMITED, VARINT = WireFormat.WIRETYPE_VARINT, FIXED64 = WireFormat.WIRETYPE_FIXED64;
    /** Tags inside a nested message: field 1 and field 2, length-delimited; fields 2 and 3 of a pid or ref, varints. */
    private static final int ITEM = 1 << 3 | LEN, SECOND = 2 << 3 | LEN, ID = 2 << 3 | VARINT, CREATION = 3 << 3 | VARINT;
    private static final AtomCache ATOMS = new AtomCache();
    private final List<String> allowedRecords;
    private final ClassLoader loader;
    /** Lambdas (funs) inside terms, and the ones spawned on this node. */
    final LambdaCodec lambdas;
    private final ConcurrentHashMap<String, Constructor<?>> constructors = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<String, Class<?>> enums = new ConcurrentHashMap<>();

    /**
     * @param allowedRecords class-name prefixes of the records and enums this node accepts ({@code dev.weft.} always)
     * @param allowedLambdas class-name prefixes of the classes whose lambdas this node accepts
     */
    TermCodec(List<String> allowedRecords, List<String> allowedLambdas, ClassLoader loader) {
        this.allowedRecords = List.copyOf(allowedRecords);
        this.loader = loader;
        this.lambdas = new LambdaCodec(allowedLambdas, loader, this);
    }

    // ---------------------------------------------------------------- encode

    /** The encoded {@code Term} for {@code t} ({@link TermWriter}); {@link IllegalArgumentException} if it is not a term. */
    static ByteString encode(Object t) {
        return TermWriter.encode(t);
    }

    // A pid or ref made here before distribution started names nonode@nohost with creation 0: it
    // travels as this node's name with creation 0 (never a real creation) and comes back as itself.

    static PidTerm pid(Pid p) {
        return PidTerm.newBuilder().setNode(nodeBytes(p.node())).setId(p.id()).setCreation(p.creation()).build();
    }

    static RefTerm ref(Ref r) {
        return RefTerm.newBuilder().setNode(nodeBytes(r.node())).setId(r.id()).setCreation(r.creation()).build();
    }

    private record NodeBytes(Atom node, ByteString utf8) {}

    /** The last node name encoded: most pids sent name one of a few nodes. */
    private static volatile NodeBytes lastNode = new NodeBytes(NodeNames.NONODE, ByteString.EMPTY);

    private static ByteString nodeBytes(Atom node) {
        NodeBytes last = lastNode;
        if (last.node() == node) return last.utf8();
        ByteString utf8 = ByteString.copyFromUtf8(TermWriter.wireName(node));
        lastNode = new NodeBytes(node, utf8);
        return utf8;
    }

    private static Atom fromWire(ByteString node, int creation) {
        Atom name = ATOMS.get(node);
        return creation == 0 && name.equals(NodeNames.local()) ? NodeNames.NONODE : name;
    }

    static Pid pid(PidTerm p) {
        return new Pid(fromWire(p.getNode(), p.getCreation()), p.getId(), p.getCreation());
    }

    static Ref ref(RefTerm r) {
        return new Ref(fromWire(r.getNode(), r.getCreation()), r.getId(), r.getCreation());
    }

    // ---------------------------------------------------------------- decode

    /**
     * The term encoded in {@code bytes} (a {@code Term} of term.proto, however it was written), read in
     * one pass; {@link IllegalArgumentException} if it is malformed or names what this node refuses.
     */
    Object decode(ByteString bytes) {
        CodedInputStream in = bytes.newCodedInput();
        in.enableAliasing(true);   // atoms and names are looked up in place; binaries are still copied out
        try {
            return read(in, 0);
        } catch (InvalidProtocolBufferException e) {
            throw new IllegalArgumentException("a malformed term arrived: " + e.getMessage(), e);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * The length-delimited term next in {@code in} (a field of {@code bytes} that holds a Term), read
     * in place; {@link IllegalArgumentException} if it is malformed or names what this node refuses.
     */
    Object decodeNested(CodedInputStream in) {
        try {
            return nested(in, -1);
        } catch (InvalidProtocolBufferException e) {
            throw new IllegalArgumentException("a malformed term arrived: " + e.getMessage(), e);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A Term's body, up to the stream's limit; fields of the wrong wire type are skipped, as protobuf does. */
    private Object read(CodedInputStream in, int depth) throws IOException {
        if (depth > TermWriter.MAX_DEPTH) throw new IllegalArgumentException("a term nested more than " + TermWriter.MAX_DEPTH + " deep arrived");
        Object value = null;
        for (int tag; (tag = in.readTag()) != 0; ) {
            value = switch (tag) {
                case TermWriter.ATOM << 3 | LEN -> ATOMS.get(in.readBytes());
                case TermWriter.INT << 3 | VARINT -> in.readSInt64();
                case TermWriter.BIG_INT << 3 | LEN -> new BigInteger(in.readByteArray());
                case TermWriter.FLOAT << 3 | FIXED64 -> in.readDouble();
                case TermWriter.STRING << 3 | LEN -> in.readStringRequireUtf8();
                case TermWriter.BINARY << 3 | LEN -> in.readByteArray();
                case TermWriter.TUPLE << 3 | LEN -> Tuple.fromList(items(in, depth));
                case TermWriter.LIST << 3 | LEN -> Collections.unmodifiableList(items(in, depth));
                case TermWriter.MAP << 3 | LEN -> map(in, depth);
                case TermWriter.PID << 3 | LEN -> id(in, true);
                case TermWriter.REF << 3 | LEN -> id(in, false);
                case TermWriter.RECORD << 3 | LEN -> record(in, depth);
                case TermWriter.BOOLEAN << 3 | VARINT -> in.readBool();
                case TermWriter.NIL << 3 | VARINT -> {
                    in.readBool();
                    yield null;
                }
                case TermWriter.SMALL_INT << 3 | VARINT -> in.readSInt32();
                case TermWriter.EXCEPTION << 3 | LEN -> exception(ExceptionTerm.parseFrom(in.readBytes()));
                case TermWriter.CONSTANT << 3 | LEN -> constant(EnumTerm.parseFrom(in.readBytes()));
                case TermWriter.FUNCTION << 3 | LEN -> lambdas.decode(LambdaTerm.parseFrom(in.readBytes()));
                default -> {
                    in.skipField(tag);
                    yield value;
                }
            };
        }
        return value;
    }

    /** The Terms of field 1 of the nested message next in {@code in} ({@code Terms}). */
    private List<Object> items(CodedInputStream in, int depth) throws IOException {
        List<Object> out = new ArrayList<>();
        int outer = in.pushLimit(in.readRawVarint32());
        for (int tag; (tag = in.readTag()) != 0; ) {
            if (tag == ITEM) out.add(nested(in, depth));
            else in.skipField(tag);
        }
        in.popLimit(outer);
        return out;
    }

    private Map<Object, Object> map(CodedInputStream in, int depth) throws IOException {
        List<Object> keys = new ArrayList<>(), values = new ArrayList<>();
        int outer = in.pushLimit(in.readRawVarint32());
        for (int tag; (tag = in.readTag()) != 0; ) {
            if (tag == ITEM) keys.add(nested(in, depth));
            else if (tag == SECOND) values.add(nested(in, depth));
            else in.skipField(tag);
        }
        in.popLimit(outer);
        if (keys.size() != values.size()) throw new IllegalArgumentException("a map arrived with " + keys.size() + " keys and " + values.size() + " values");
        LinkedHashMap<Object, Object> out = LinkedHashMap.newLinkedHashMap(keys.size());
        for (int i = 0; i < keys.size(); i++) out.put(keys.get(i), values.get(i));
        return Collections.unmodifiableMap(out);
    }

    /** A length-delimited Term next in {@code in}. */
    private Object nested(CodedInputStream in, int depth) throws IOException {
        int outer = in.pushLimit(in.readRawVarint32());
        Object t = read(in, depth + 1);
        in.popLimit(outer);
        return t;
    }

    /** A {@code PidTerm} (or {@code RefTerm}) next in {@code in}. */
    static Object id(CodedInputStream in, boolean pid) throws IOException {
        ByteString node = ByteString.EMPTY;
        long id = 0;
        int creation = 0;
        int outer = in.pushLimit(in.readRawVarint32());
        for (int tag; (tag = in.readTag()) != 0; ) {
            switch (tag) {
                case ITEM -> node = in.readBytes();
                case ID -> id = in.readUInt64();
                case CREATION -> creation = in.readUInt32();
                default -> in.skipField(tag);
            }
        }
        in.popLimit(outer);
        Atom name = fromWire(node, creation);
        return pid ? new Pid(name, id, creation) : new Ref(name, id, creation);
    }

    /** A {@code RecordTerm} next in {@code in}: its type (first, as written) and components. */
    private Object record(CodedInputStream in, int depth) throws IOException {
        String type = "";
        List<Object> components = new ArrayList<>();
        int outer = in.pushLimit(in.readRawVarint32());
        for (int tag; (tag = in.readTag()) != 0; ) {
            if (tag == ITEM) type = in.readStringRequireUtf8();
            else if (tag == SECOND) components.add(nested(in, depth));
            else in.skipField(tag);
        }
        in.popLimit(outer);
        return record(type, components);
    }

    private Object record(String type, List<Object> components) {
        Constructor<?> c = constructors.computeIfAbsent(type, this::canonicalConstructor);
        if (c.getParameterCount() != components.size()) {
            throw new IllegalArgumentException("record " + type + " arrived with " + components.size()
                    + " components but has " + c.getParameterCount() + " here: the nodes run different versions");
        }
        try {
            return c.newInstance(components.toArray());
        } catch (InvocationTargetException e) {
            throw new IllegalArgumentException("record " + type + " refused the values it arrived with", e.getCause());
        } catch (ReflectiveOperationException | IllegalArgumentException e) {
            throw new IllegalArgumentException("cannot rebuild record " + type + " from what arrived", e);
        }
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private Object constant(EnumTerm e) {
        Class<?> cls = enums.computeIfAbsent(e.getType(), this::enumClass);
        try {
            return Enum.valueOf((Class) cls, e.getName());
        } catch (IllegalArgumentException missing) {
            throw new IllegalArgumentException("enum " + e.getType() + " has no constant " + e.getName() + " here: the nodes run different versions");
        }
    }

    private Class<?> enumClass(String type) {
        Class<?> cls = allowedClass(type, "enum");
        if (!cls.isEnum()) throw new IllegalArgumentException(type + " is not an enum class");
        return cls;
    }

    /** The class named {@code type}, looked up (not initialised) only if the allow-list lets it in. */
    private Class<?> allowedClass(String type, String kind) {
        if (!isAllowed(type)) {
            throw new IllegalArgumentException(kind + " class " + type + " is not allowed on this node (allowed prefixes: " + allowed() + ")");
        }
        try {
            return Class.forName(type, false, loader);
        } catch (ClassNotFoundException e) {
            throw new IllegalArgumentException(kind + " class " + type + " is not on this node's classpath");
        }
    }

    private Constructor<?> canonicalConstructor(String type) {
        Class<?> cls = allowedClass(type, "record");
        if (!cls.isRecord()) throw new IllegalArgumentException(type + " is not a record class");
        try {
            RecordComponent[] parts = cls.getRecordComponents();
            Class<?>[] types = new Class<?>[parts.length];
            for (int i = 0; i < parts.length; i++) types[i] = parts[i].getType();
            Constructor<?> c = cls.getDeclaredConstructor(types);
            c.setAccessible(true);
            return c;
        } catch (NoSuchMethodException e) {
            throw new IllegalArgumentException("record class " + type + " has no canonical constructor", e);
        }
    }

    private boolean isAllowed(String type) {
        if (type.startsWith("dev.weft.")) return true;
        for (String p : allowedRecords) if (type.startsWith(p)) return true;
        return false;
    }

    private List<String> allowed() {
        List<String> all = new ArrayList<>(allowedRecords);
        all.addFirst("dev.weft.");
        return all;
    }

    private static RemoteException exception(ExceptionTerm e) {
        RemoteException r = new RemoteException(e.getType(), e.getMessage());
        StackTraceElement[] stack = new StackTraceElement[e.getStackCount()];
        for (int i = 0; i < stack.length; i++) {
            StackFrame f = e.getStack(i);
            stack[i] = new StackTraceElement(f.getDeclaringClass(), f.getMethod(), f.getFile().isEmpty() ? null : f.getFile(), f.getLine());
        }
        r.setStackTrace(stack);
        return r;
    }
}
