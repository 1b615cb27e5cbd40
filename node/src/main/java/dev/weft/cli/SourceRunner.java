package dev.weft.cli;

import dev.weft.process.Kernel;
import dev.weft.process.Spawned;
import java.io.File;
import java.io.IOException;
import java.io.StringWriter;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;

/**
 * Runs a Java source file on the node, as {@code java File.java} would but inside a Weft process:
 * the file is compiled against Weft's API (the node's classpath), then its {@code main} runs in a
 * new process. Java 25 compact source files ({@code void main() { ... }} with no class) work too.
 *
 * <pre>{@code
 * // hello.java
 * import static dev.weft.process.Kernel.*;
 * void main() { System.out.println("hello from " + self()); }
 * }</pre>
 */
final class SourceRunner {
    private SourceRunner() {}

    /** Compiles {@code file} and starts its main class's {@code main(args)} in a new process, monitored. */
    static Spawned start(Path file, List<String> args) throws IOException {
        return startMain(compile(file), args);
    }

    /** Starts {@code main}'s {@code main(args)} (static or instance, with or without args) in a new process, monitored. */
    static Spawned startMain(Class<?> main, List<String> args) {
        Method entry = entryPoint(main);
        return Kernel.spawnMonitor(() -> invoke(main, entry, args));
    }

    private static Class<?> compile(Path file) throws IOException {
        Path out = Files.createTempDirectory("weft-run");
        String main = compileTo(file, out).main();
        URLClassLoader loader = new URLClassLoader(new URL[] {out.toUri().toURL()}, SourceRunner.class.getClassLoader());
        try {
            return Class.forName(main, true, loader);
        } catch (ClassNotFoundException e) {
            throw new IllegalArgumentException("compiled " + file + " but found no class with a main method", e);
        }
    }

    /** What {@link #compileTo} made: the class to run, and every top-level class of the file. */
    record Compiled(String main, List<String> classes) {}

    /** Compiles {@code file} against Weft's API (this JVM's classpath) into {@code out}. */
    static Compiled compileTo(Path file, Path out) throws IOException {
        if (!Files.isRegularFile(file)) throw new IllegalArgumentException("no such Java source file: " + file);
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        if (javac == null) throw new IllegalStateException("--run needs a JDK (javac), not a JRE");
        StringWriter errors = new StringWriter();
        boolean ok = javac.getTask(errors, null, null,
                List.of("-d", out.toString(), "-cp", System.getProperty("java.class.path"), "-proc:none", "-implicit:none", "-nowarn"),
                null, javac.getStandardFileManager(null, null, null).getJavaFileObjects(file)).call();
        if (!ok) throw new IllegalArgumentException("cannot compile " + file + ":\n" + errors);
        List<String> classes = topLevelClasses(out);
        return new Compiled(mainClass(classes, file.getFileName().toString().replaceFirst("\\.java$", "")), classes);
    }

    private static List<String> topLevelClasses(Path out) throws IOException {
        try (var files = Files.walk(out)) {
            return files.map(p -> out.relativize(p).toString())
                    .filter(p -> p.endsWith(".class") && !p.contains("$"))
                    .map(p -> p.substring(0, p.length() - ".class".length()).replace(File.separatorChar, '.'))
                    .sorted()
                    .toList();
        }
    }

    /** The class named after the file if there is one, else the first top-level class compiled. */
    private static String mainClass(List<String> classes, String fileStem) {
        return classes.stream().filter(n -> n.equals(fileStem) || n.endsWith("." + fileStem)).findFirst()
                .orElse(classes.isEmpty() ? fileStem : classes.getFirst());
    }

    private static Method entryPoint(Class<?> main) {
        for (Class<?>[] params : List.<Class<?>[]>of(new Class<?>[] {String[].class}, new Class<?>[0])) {
            try {
                Method m = main.getDeclaredMethod("main", params);
                m.setAccessible(true);
                return m;
            } catch (NoSuchMethodException e) {
                // try the next form
            }
        }
        throw new IllegalArgumentException(main.getName() + " has no main method");
    }

    private static void invoke(Class<?> main, Method entry, List<String> args) {
        try {
            Object target = Modifier.isStatic(entry.getModifiers()) ? null : construct(main);
            Object[] actual = entry.getParameterCount() == 1 ? new Object[] {args.toArray(String[]::new)} : new Object[0];
            entry.invoke(target, actual);
        } catch (InvocationTargetException e) {
            if (e.getCause() instanceof RuntimeException r) throw r;
            if (e.getCause() instanceof Error err) throw err;
            throw new IllegalStateException(e.getCause());
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("cannot run " + main.getName() + ".main", e);
        }
    }

    private static Object construct(Class<?> main) throws ReflectiveOperationException {
        var c = main.getDeclaredConstructor();
        c.setAccessible(true);
        return c.newInstance();
    }
}
