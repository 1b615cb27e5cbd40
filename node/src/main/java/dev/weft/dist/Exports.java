package dev.weft.dist;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** The functions a node lets other nodes spawn by name: each a public static method. */
final class Exports {
    private final Map<String, List<Method>> byName = new HashMap<>();

    /** Resolves every {@code CLASS::method} now, so a bad export stops the node at start. */
    Exports(Map<String, String> exports, ClassLoader loader) {
        exports.forEach((name, target) -> {
            int sep = target.indexOf("::");
            if (sep <= 0) throw new IllegalArgumentException("export " + name + " must name CLASS::staticMethod, not " + target);
            String cls = target.substring(0, sep);
            String method = target.substring(sep + 2);
            try {
                List<Method> found = java.util.Arrays.stream(Class.forName(cls, true, loader).getMethods())
                        .filter(m -> m.getName().equals(method) && Modifier.isStatic(m.getModifiers())).toList();
                if (found.isEmpty()) throw new IllegalArgumentException("export " + name + ": " + cls + " has no public static method " + method);
                byName.put(name, found);
            } catch (ClassNotFoundException e) {
                throw new IllegalArgumentException("export " + name + ": class " + cls + " is not on the classpath");
            }
        });
    }

    /** The exported function {@code name} taking {@code arity} arguments; throws if there is none. */
    Method resolve(String name, int arity) {
        List<Method> ms = byName.get(name);
        if (ms == null) throw new IllegalArgumentException("function " + name + " is not exported by this node");
        for (Method m : ms) if (m.getParameterCount() == arity) return m;
        throw new IllegalArgumentException("exported function " + name + " takes " + ms.getFirst().getParameterCount()
                + " arguments, not " + arity);
    }

    /** Calls {@code m}; an exception it throws propagates as itself. */
    static Object invoke(Method m, List<Object> args) {
        try {
            return m.invoke(null, args.toArray());
        } catch (InvocationTargetException e) {
            if (e.getCause() instanceof RuntimeException r) throw r;
            if (e.getCause() instanceof Error err) throw err;
            throw new IllegalStateException(m + " failed", e.getCause());
        } catch (IllegalAccessException e) {
            throw new IllegalStateException("cannot call " + m, e);
        }
    }
}
