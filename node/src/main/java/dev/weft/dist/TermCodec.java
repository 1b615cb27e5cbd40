package dev.weft.dist;

import com.google.protobuf.ByteString;
import com.google.protobuf.UnsafeByteOperations;
import dev.weft.term.Atom;
import dev.weft.term.NodeNames;
import dev.weft.term.Pid;
import dev.weft.term.Ref;
import dev.weft.term.Tuple;
import dev.weft.wire.EnumTerm;
import dev.weft.wire.ExceptionTerm;
import dev.weft.wire.PidTerm;
import dev.weft.wire.RecordTerm;
import dev.weft.wire.RefTerm;
import dev.weft.wire.StackFrame;
import dev.weft.wire.Term;
import dev.weft.wire.TermMap;
import dev.weft.wire.Terms;
import java.io.Serializable;
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
 * initialised by the lookup. Thread-safe.
 */
final class TermCodec {
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

    static Term encode(Object t) {
        Term.Builder b = Term.newBuilder();
        switch (t) {
            case null -> b.setNil(true);
            case Atom a -> b.setAtom(a.name());
            case Boolean v -> b.setBoolean(v);
            case Integer i -> b.setSmallInt(i);
            case Long l -> b.setInt(l);
            case BigInteger i -> b.setBigInt(ByteString.copyFrom(i.toByteArray()));
            case Double d -> b.setFloat(d);
            case String s -> b.setString(s);
            case byte[] bytes -> b.setBinary(UnsafeByteOperations.unsafeWrap(bytes)); // messages are immutable values: no copy
            case Tuple tuple -> {
                Terms.Builder items = Terms.newBuilder();
                for (int i = 0; i < tuple.size(); i++) items.addItems(encode(tuple.get(i)));
                b.setTuple(items);
            }
            case List<?> list -> {
                Terms.Builder items = Terms.newBuilder();
                for (Object o : list) items.addItems(encode(o));
                b.setList(items);
            }
            case Map<?, ?> map -> {
                TermMap.Builder m = TermMap.newBuilder();
                map.forEach((k, v) -> m.addKeys(encode(k)).addValues(encode(v)));
                b.setMap(m);
            }
            case Pid p -> b.setPid(pid(p));
            case Ref r -> b.setRef(ref(r));
            case Record r -> b.setRecord(record(r));
            case Enum<?> e -> b.setConstant(EnumTerm.newBuilder().setType(e.getDeclaringClass().getName()).setName(e.name()));
            case Throwable e -> b.setException(exception(e));
            case Serializable fn when fn.getClass().isSynthetic() -> b.setFunction(LambdaCodec.encode(fn));   // a serializable lambda
            default -> throw new IllegalArgumentException("cannot send a " + t.getClass().getName()
                    + " to another node: only terms travel (atoms, numbers, strings, binaries, tuples, lists, maps, pids, refs, records, enums, serializable lambdas)");
        }
        return b.build();
    }

    // A pid or ref made here before distribution started names nonode@nohost with creation 0: it
    // travels as this node's name with creation 0 (never a real creation) and comes back as itself.

    static PidTerm pid(Pid p) {
        return PidTerm.newBuilder().setNode(wireName(p.node())).setId(p.id()).setCreation(p.creation()).build();
    }

    static RefTerm ref(Ref r) {
        return RefTerm.newBuilder().setNode(wireName(r.node())).setId(r.id()).setCreation(r.creation()).build();
    }

    private static String wireName(Atom node) {
        return (node.equals(NodeNames.NONODE) ? NodeNames.local() : node).name();
    }

    private static Atom fromWire(String node, int creation) {
        Atom name = Atom.of(node);
        return creation == 0 && name.equals(NodeNames.local()) ? NodeNames.NONODE : name;
    }

    private static RecordTerm record(Record r) {
        RecordTerm.Builder b = RecordTerm.newBuilder().setType(r.getClass().getName());
        for (RecordComponent c : r.getClass().getRecordComponents()) {
            try {
                c.getAccessor().setAccessible(true);
                b.addComponents(encode(c.getAccessor().invoke(r)));
            } catch (IllegalAccessException | InvocationTargetException e) {
                throw new IllegalArgumentException("cannot read component " + c.getName() + " of " + r.getClass().getName(), e);
            }
        }
        return b.build();
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

    // ---------------------------------------------------------------- decode

    Object decode(Term t) {
        return switch (t.getKindCase()) {
            case NIL, KIND_NOT_SET -> null;
            case ATOM -> Atom.of(t.getAtom());
            case BOOLEAN -> t.getBoolean();
            case SMALL_INT -> t.getSmallInt();
            case INT -> t.getInt();
            case BIG_INT -> new BigInteger(t.getBigInt().toByteArray());
            case FLOAT -> t.getFloat();
            case STRING -> t.getString();
            case BINARY -> t.getBinary().toByteArray();
            case TUPLE -> Tuple.fromList(decodeAll(t.getTuple().getItemsList()));
            case LIST -> Collections.unmodifiableList(decodeAll(t.getList().getItemsList()));
            case MAP -> {
                TermMap m = t.getMap();
                LinkedHashMap<Object, Object> out = LinkedHashMap.newLinkedHashMap(m.getKeysCount());
                for (int i = 0; i < m.getKeysCount(); i++) out.put(decode(m.getKeys(i)), decode(m.getValues(i)));
                yield Collections.unmodifiableMap(out);
            }
            case PID -> pid(t.getPid());
            case REF -> ref(t.getRef());
            case RECORD -> record(t.getRecord());
            case EXCEPTION -> exception(t.getException());
            case CONSTANT -> constant(t.getConstant());
            case FUNCTION -> lambdas.decode(t.getFunction());
        };
    }

    private List<Object> decodeAll(List<Term> items) {
        List<Object> out = new ArrayList<>(items.size());
        for (Term i : items) out.add(decode(i));
        return out;
    }

    static Pid pid(PidTerm p) {
        return new Pid(fromWire(p.getNode(), p.getCreation()), p.getId(), p.getCreation());
    }

    static Ref ref(RefTerm r) {
        return new Ref(fromWire(r.getNode(), r.getCreation()), r.getId(), r.getCreation());
    }

    private Object record(RecordTerm r) {
        Constructor<?> c = constructors.computeIfAbsent(r.getType(), this::canonicalConstructor);
        if (c.getParameterCount() != r.getComponentsCount()) {
            throw new IllegalArgumentException("record " + r.getType() + " arrived with " + r.getComponentsCount()
                    + " components but has " + c.getParameterCount() + " here: the nodes run different versions");
        }
        try {
            return c.newInstance(decodeAll(r.getComponentsList()).toArray());
        } catch (InvocationTargetException e) {
            throw new IllegalArgumentException("record " + r.getType() + " refused the values it arrived with", e.getCause());
        } catch (ReflectiveOperationException | IllegalArgumentException e) {
            throw new IllegalArgumentException("cannot rebuild record " + r.getType() + " from what arrived", e);
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
