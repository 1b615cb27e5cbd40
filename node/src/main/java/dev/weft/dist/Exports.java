package dev.weft.dist;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** The functions a node lets other nodes spawn by name: each a public static method. */
final class Exports {
    private final Map<String, List<Export>> byName = new HashMap<>();

    /** One exported method: how many arguments it takes, and a handle that takes them in an {@code Object[]}. */
    private record Export(int arity, MethodHandle call) {}

    /** Resolves every {@code CLASS::method} now, so a bad export stops the node at start. */
    Exports(Map<String, String> exports, ClassLoader loader) {
        exports.forEach((name, target) -> {
            int sep = target.indexOf("::");
            if (sep <= 0) throw new IllegalArgumentException("export " + name + " must name CLASS::staticMethod, not " + target);
            String cls = target.substring(0, sep);
            String method = target.substring(sep + 2);
            try {
                List<Method> found = Arrays.stream(Class.forName(cls, true, loader).getMethods())
                        .filter(m -> m.getName().equals(method) && Modifier.isStatic(m.getModifiers())).toList();
                if (found.isEmpty()) throw new IllegalArgumentException("export " + name + ": " + cls + " has no public static method " + method);
                byName.put(name, found.stream().map(Exports::handle).toList());
            } catch (ClassNotFoundException e) {
                throw new IllegalArgumentException("export " + name + ": class " + cls + " is not on the classpath");
            }
        });
    }

    /** {@code m} with a handle taking its arguments in an {@code Object[]} and returning an Object (null for void). */
    private static Export handle(Method m) {
        try {
            MethodHandle h = MethodHandles.publicLookup().unreflect(m);
            return new Export(m.getParameterCount(), h.asType(h.type().generic()).asSpreader(Object[].class, m.getParameterCount()));
        } catch (IllegalAccessException e) {
            throw new IllegalArgumentException("cannot call " + m, e);
        }
    }

    /** The exported function {@code name} taking {@code arity} arguments; throws if there is none. */
    MethodHandle resolve(String name, int arity) {
        List<Export> ms = byName.get(name);
        if (ms == null) throw new IllegalArgumentException("function " + name + " is not exported by this node");
        for (Export m : ms) if (m.arity() == arity) return m.call();
        throw new IllegalArgumentException("exported function " + name + " takes " + ms.getFirst().arity()
                + " arguments, not " + arity);
    }

    /**
     * Calls {@code m} (from {@link #resolve}) with {@code args}, spread by a handle made once per
     * export (invokeWithArguments made a spreader per call); an exception it throws propagates as
     * itself (nothing wraps it).
     */
    static Object invoke(MethodHandle m, List<Object> args) {
        try {
            return (Object) m.invokeExact(args.toArray());
        } catch (RuntimeException | Error e) {
            throw e;
        } catch (Throwable t) {
            throw new IllegalStateException(m + " failed", t);
        }
    }
}
