package dev.weft.cli;

import dev.weft.term.Atom;
import dev.weft.term.Inspect;
import dev.weft.term.NodeNames;
import dev.weft.term.Pid;
import java.io.File;
import java.io.PrintStream;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BiConsumer;
import java.util.function.Supplier;
import jdk.jshell.Diag;
import jdk.jshell.EvalException;
import jdk.jshell.JShell;
import jdk.jshell.Snippet;
import jdk.jshell.SnippetEvent;
import jdk.jshell.SourceCodeAnalysis;
import jdk.jshell.spi.ExecutionControlProvider;

/**
 * The interactive shell: Java snippets evaluated by {@code jdk.jshell} inside one Weft process, the
 * shell process, so {@code self()}, {@code receive} and {@code flush()} work at the prompt as in iex.
 * If the shell process dies (a linked process crashed, say), the node goes on and a fresh shell
 * process takes over, saying so.
 *
 * <pre>{@code
 * weft(nonode@nohost)1> var me = self()
 * #PID<0.70.0>
 * weft(nonode@nohost)2> send(me, Atom.of("hi"))
 * :hi
 * weft(nonode@nohost)3> flush()
 * :hi
 * :ok
 * }</pre>
 *
 * Not thread-safe: one shell reads one terminal.
 */
public final class Shell implements AutoCloseable {
    /** Where input lines come from: a terminal, or plain lines in tests and pipes. */
    public interface Lines {
        /** The next line after printing {@code prompt}, or null at end of input. */
        String read(String prompt);
    }

    static final List<String> IMPORTS = List.of(
            "import static dev.weft.process.Kernel.*;",
            "import dev.weft.process.*;",
            "import dev.weft.term.*;",
            "import dev.weft.io.IO;",
            "import dev.weft.io.FileIO;",
            "import dev.weft.dist.Node;",
            "import dev.weft.dist.Rpc;",
            "import java.time.Duration;",
            "import java.util.*;");

    private final JShell jshell;
    private final Supplier<Pid> shellPid;
    private final Runnable stop;
    private final Atom node;
    private final PrintStream out;
    private final AtomicInteger counter = new AtomicInteger(1);

    /** A shell on this node that prints results and errors to {@code out}. */
    public Shell(PrintStream out) {
        this(out, new ShellProcess(deathNotice(out)), NodeNames.local());
    }

    private Shell(PrintStream out, ShellProcess process, Atom node) {
        this(out, new ShellExecution.Provider(process), process::pid, process::stop, node);
    }

    private Shell(PrintStream out, RemoteExecution remote, Atom node) {
        this(out, new RemoteExecution.Provider(remote), remote::session, remote::close, node);
    }

    private Shell(PrintStream out, ExecutionControlProvider engine, Supplier<Pid> shellPid, Runnable stop, Atom node) {
        this.out = out;
        this.shellPid = shellPid;
        this.stop = stop;
        this.node = node;
        this.jshell = JShell.builder().out(out).err(out).executionEngine(engine, Map.of()).build();
        for (String entry : System.getProperty("java.class.path").split(File.pathSeparator)) {
            if (!entry.isBlank()) jshell.addToClasspath(entry);
        }
        IMPORTS.forEach(jshell::eval);
    }

    /**
     * A shell whose process lives on {@code node} (started with {@code --allow-remsh}) and whose
     * group leader is {@code groupLeader}, so its IO comes here: {@code weft remsh}.
     */
    public static Shell remote(PrintStream out, Atom node, Pid groupLeader) {
        return new Shell(out, new RemoteExecution(node, groupLeader, deathNotice(out)), node);
    }

    private static BiConsumer<Pid, Object> deathNotice(PrintStream out) {
        return (pid, reason) -> {
            out.println("** (EXIT from " + pid + ") shell process exited with reason: " + Inspect.inspect(reason));
            out.println("Interactive Weft shell restarted: a fresh shell process takes over.");
            out.flush();
        };
    }

    /** The prompt for the next input, as iex's {@code iex(node)1>}. */
    String prompt() {
        return "weft(" + node.name() + ")" + counter.get() + "> ";
    }

    /** Reads, evaluates and prints until the input ends. */
    public void run(Lines lines) {
        out.println("Weft shell on " + node.name() + ". Java snippets; self(), send, receive, flush() at hand. Ctrl-D quits.");
        StringBuilder pending = new StringBuilder();
        for (;;) {
            String line = lines.read(pending.isEmpty() ? prompt() : "...> ");
            if (line == null) return;
            pending.append(line).append('\n');
            SourceCodeAnalysis.CompletionInfo info = jshell.sourceCodeAnalysis().analyzeCompletion(pending.toString());
            if (info.completeness() == SourceCodeAnalysis.Completeness.DEFINITELY_INCOMPLETE) continue;
            String source = pending.toString();
            pending.setLength(0);
            if (source.isBlank()) continue;
            eval(source);
        }
    }

    /** Evaluates one or more complete snippets and prints what each gives. */
    public void eval(String source) {
        String rest = source;
        while (!rest.isBlank()) {
            SourceCodeAnalysis.CompletionInfo info = jshell.sourceCodeAnalysis().analyzeCompletion(rest);
            String snippet = info.completeness().isComplete() ? info.source() : rest;
            rest = info.completeness().isComplete() ? info.remaining() : "";
            for (SnippetEvent e : jshell.eval(snippet)) print(e);
        }
        counter.incrementAndGet();
        out.flush();
    }

    private void print(SnippetEvent e) {
        if (e.causeSnippet() != null) return;
        if (e.exception() != null) {
            String type = e.exception() instanceof EvalException ee ? ee.getExceptionClassName() : e.exception().getClass().getName();
            out.println("** (" + type + ") " + e.exception().getMessage());
            return;
        }
        if (e.status() == Snippet.Status.REJECTED) {
            jshell.diagnostics(e.snippet()).forEach(d -> out.println("error: " + message(d)));
            return;
        }
        if (e.value() != null && isValued(e.snippet())) out.println(e.value());
    }

    private static boolean isValued(Snippet s) {
        return s.kind() == Snippet.Kind.EXPRESSION || s.kind() == Snippet.Kind.VAR;
    }

    private static String message(Diag d) {
        return d.getMessage(null);
    }

    /** Completion candidates for {@code buffer} at {@code cursor}, for the terminal's tab key. */
    List<String> complete(String buffer, int cursor) {
        int[] anchor = new int[1];
        return jshell.sourceCodeAnalysis().completionSuggestions(buffer, cursor, anchor).stream()
                .map(s -> buffer.substring(0, anchor[0]) + s.continuation())
                .distinct().toList();
    }

    /** The pid of the current shell process (a new one after a crash). */
    public Pid shellPid() {
        return shellPid.get();
    }

    @Override
    public void close() {
        jshell.close();
        stop.run();
    }
}
