package dev.weft.cli;

import dev.weft.process.Kernel;
import dev.weft.term.Atom;
import dev.weft.term.Inspect;
import dev.weft.term.Pid;
import dev.weft.term.Tuple;
import java.lang.reflect.Field;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The remote end of {@code weft remsh}: a shell process on this node that defines the snippet classes
 * a remote shell compiled and runs them, its output going to the remote user's group leader. A node
 * exports it only when started with {@code --allow-remsh}: like Erlang's remsh, it lets anyone with
 * the cookie run code here.
 *
 * <pre>{@code
 * scripts/weft node --name b@127.0.0.1 --port 4371 --allow-remsh
 * scripts/weft remsh b@127.0.0.1:4371
 * }</pre>
 */
public final class RemshSession {
    /** The export name of {@link #open(Pid)}. */
    public static final String EXPORT = "weft_remsh";
    static final Atom LOAD = Atom.of("load");
    static final Atom INVOKE = Atom.of("invoke");
    static final Atom VAR = Atom.of("var");

    private RemshSession() {}

    /** Starts a shell process here whose group leader is {@code groupLeader}; returns its pid. */
    public static Pid open(Pid groupLeader) {
        SnippetLoader loader = new SnippetLoader();
        Pid pid = Kernel.spawn(() -> serve(loader));
        Kernel.groupLeader(groupLeader, pid);
        return pid;
    }

    /**
     * Answers {@code {:load, from, ref, names, bytecodes}}, {@code {:invoke, from, ref, class, method}}
     * and {@code {:var, from, ref, class, field}} with {@code {ref, {:ok, text}}} or
     * {@code {ref, {:error, exceptionClass, message}}}.
     */
    private static void serve(SnippetLoader loader) {
        for (;;) {
            Tuple req = Kernel.receive(m -> m instanceof Tuple t && t.size() == 5
                    && (t.get(0) == LOAD || t.get(0) == INVOKE || t.get(0) == VAR) ? t : Kernel.NO_MATCH);
            Object result;
            try {
                result = Tuple.of(Atom.OK, handle(loader, req));
            } catch (InvocationTargetException e) {
                result = error(e.getCause());
            } catch (ReflectiveOperationException | RuntimeException | LinkageError e) {
                result = error(e);
            }
            // a snippet that ended this process (exit(self(), :kill)) gets no answer: the caller sees it go DOWN
            if (Kernel.alive(Kernel.self())) Kernel.send((Pid) req.get(1), Tuple.of(req.get(2), result));
        }
    }

    private static Tuple error(Throwable t) {
        return Tuple.of(Atom.ERROR, t.getClass().getName(), String.valueOf(t.getMessage()));
    }

    @SuppressWarnings("unchecked")
    private static String handle(SnippetLoader loader, Tuple req) throws ReflectiveOperationException {
        if (req.get(0) == LOAD) {
            List<String> names = (List<String>) req.get(3);
            List<byte[]> codes = (List<byte[]>) req.get(4);
            for (int i = 0; i < names.size(); i++) loader.add(names.get(i), codes.get(i));
            for (String name : names) Class.forName(name, false, loader);
            return "";
        }
        Class<?> cls = Class.forName((String) req.get(3), true, loader);
        if (req.get(0) == INVOKE) {
            Method m = cls.getDeclaredMethod((String) req.get(4));
            m.setAccessible(true);
            return Inspect.inspect(m.invoke(null));
        }
        Field f = cls.getDeclaredField((String) req.get(4));
        f.setAccessible(true);
        return Inspect.inspect(f.get(null));
    }

    /** Defines the classes the remote shell sent, on demand; Weft itself comes from this node's classpath. */
    private static final class SnippetLoader extends ClassLoader {
        private final ConcurrentHashMap<String, byte[]> classes = new ConcurrentHashMap<>();

        SnippetLoader() {
            super(RemshSession.class.getClassLoader());
        }

        void add(String name, byte[] code) {
            classes.put(name, code);
        }

        @Override
        protected Class<?> findClass(String name) throws ClassNotFoundException {
            byte[] code = classes.get(name);
            if (code == null) throw new ClassNotFoundException(name);
            return defineClass(name, code, 0, code.length);
        }
    }
}
