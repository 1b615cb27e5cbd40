package dev.weft.dist;

import com.google.protobuf.ByteString;
import dev.weft.wire.LambdaTerm;
import java.io.IOException;
import java.io.InputStream;
import java.io.Serializable;
import java.lang.invoke.SerializedLambda;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Lambdas to and from the wire, from the {@link SerializedLambda} the compiler gives a serializable
 * lambda (no Java serialization stream is ever written or read): the capturing class, the method the
 * lambda calls, and its captured values as terms. On the receiving node the capturing class must be
 * allow-listed, present, and byte-for-byte the same class file (its SHA-256 travels along); the lambda
 * is then rebuilt by the capturing class's own {@code $deserializeLambda$}, which checks the method.
 */
final class LambdaCodec {
    private static final ConcurrentHashMap<String, ByteString> DIGESTS = new ConcurrentHashMap<>();
    /** A lambda class's {@code writeReplace}, looked up once per class rather than once per lambda sent. */
    private static final ClassValue<Method> WRITE_REPLACE = accessible("writeReplace");
    /** A capturing class's {@code $deserializeLambda$}, or null if it has no serializable lambdas. */
    private static final ClassValue<Method> DESERIALIZE = accessible("$deserializeLambda$", SerializedLambda.class);

    private final List<String> allowed;
    private final ClassLoader loader;
    private final TermCodec terms;
    /** Allowed capturing classes found so far, by name (Class.forName took a quarter of a lambda spawn's decoding). */
    private final ConcurrentHashMap<String, Class<?>> classes = new ConcurrentHashMap<>();

    LambdaCodec(List<String> allowed, ClassLoader loader, TermCodec terms) {
        this.allowed = List.copyOf(allowed);
        this.loader = loader;
        this.terms = terms;
    }

    static LambdaTerm encode(Serializable fn) {
        SerializedLambda l = serialized(fn);
        LambdaTerm.Builder b = LambdaTerm.newBuilder()
                .setCapturingClass(l.getCapturingClass().replace('/', '.'))
                .setClassDigest(digest(fn.getClass().getClassLoader(), l.getCapturingClass()))
                .setInterfaceClass(l.getFunctionalInterfaceClass())
                .setInterfaceMethod(l.getFunctionalInterfaceMethodName())
                .setInterfaceSignature(l.getFunctionalInterfaceMethodSignature())
                .setImplKind(l.getImplMethodKind())
                .setImplClass(l.getImplClass())
                .setImplMethod(l.getImplMethodName())
                .setImplSignature(l.getImplMethodSignature())
                .setInstantiatedType(l.getInstantiatedMethodType());
        for (int i = 0; i < l.getCapturedArgCount(); i++) {
            Object captured = l.getCapturedArg(i);
            try {
                b.addCaptured(TermCodec.encode(captured));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("lambda from " + b.getCapturingClass() + " captures a "
                        + (captured == null ? "null" : captured.getClass().getName()) + ", which cannot travel to another node: "
                        + "capture only terms (and not `this`)", e);
            }
        }
        return b.build();
    }

    private static SerializedLambda serialized(Serializable fn) {
        try {
            Method m = WRITE_REPLACE.get(fn.getClass());
            if (m != null && m.invoke(fn) instanceof SerializedLambda l) return l;
        } catch (ReflectiveOperationException | RuntimeException e) {
            throw new IllegalArgumentException(fn.getClass().getName() + " is not a serializable lambda", e);
        }
        throw new IllegalArgumentException(fn.getClass().getName() + " is not a lambda: only lambdas and method references can be spawned on another node");
    }

    /** Rebuilds the lambda, or throws {@link IllegalArgumentException} saying why this node refuses it. */
    Object decode(LambdaTerm t) {
        String name = t.getCapturingClass();
        if (!isAllowed(name)) {
            throw new IllegalArgumentException("lambdas from " + name + " are not allowed on this node (allowed prefixes: " + allowed + ")");
        }
        Class<?> cls = classes.computeIfAbsent(name, n -> {
            try {
                return Class.forName(n, false, loader);
            } catch (ClassNotFoundException e) {
                throw new IllegalArgumentException("class " + n + " is not on this node's classpath");
            }
        });
        if (!digest(loader, name.replace('.', '/')).equals(t.getClassDigest())) {
            throw new IllegalArgumentException("class " + name + " differs between the nodes (a different version)");
        }
        Object[] captured = new Object[t.getCapturedCount()];
        for (int i = 0; i < captured.length; i++) captured[i] = terms.decode(t.getCaptured(i));
        SerializedLambda l = new SerializedLambda(cls, t.getInterfaceClass(), t.getInterfaceMethod(), t.getInterfaceSignature(),
                t.getImplKind(), t.getImplClass(), t.getImplMethod(), t.getImplSignature(), t.getInstantiatedType(), captured);
        try {
            Method m = DESERIALIZE.get(cls);
            if (m == null) throw new IllegalArgumentException("class " + name + " has no serializable lambdas");
            return m.invoke(null, l);
        } catch (InvocationTargetException e) {
            throw new IllegalArgumentException("class " + name + " does not have the lambda " + t.getImplMethod() + " that was sent", e.getCause());
        } catch (IllegalAccessException e) {
            throw new IllegalArgumentException("cannot rebuild a lambda of " + name, e);
        } catch (LinkageError e) {   // the class is here but something its methods name is not
            throw new IllegalArgumentException("cannot load class " + name + " on this node: " + e);
        }
    }

    private boolean isAllowed(String className) {
        for (String prefix : allowed) {
            if (className.startsWith(prefix)) return true;
        }
        return false;
    }

    /** The declared method {@code name(parameters)} of each class, made accessible; null where there is none. */
    private static ClassValue<Method> accessible(String name, Class<?>... parameters) {
        return new ClassValue<>() {
            @Override
            protected Method computeValue(Class<?> c) {
                try {
                    Method m = c.getDeclaredMethod(name, parameters);
                    m.setAccessible(true);
                    return m;
                } catch (NoSuchMethodException e) {
                    return null;
                }
            }
        };
    }

    private static ByteString digest(ClassLoader loader, String slashName) {
        return DIGESTS.computeIfAbsent(slashName, n -> {
            try (InputStream in = (loader == null ? ClassLoader.getSystemClassLoader() : loader).getResourceAsStream(n + ".class")) {
                if (in == null) return ByteString.EMPTY;
                return ByteString.copyFrom(MessageDigest.getInstance("SHA-256").digest(in.readAllBytes()));
            } catch (IOException | NoSuchAlgorithmException e) {
                throw new IllegalStateException("cannot read the class file of " + n, e);
            }
        });
    }
}
