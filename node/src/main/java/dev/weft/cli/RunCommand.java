package dev.weft.cli;

import dev.weft.io.IO;
import dev.weft.process.Down;
import dev.weft.process.Kernel;
import dev.weft.process.Spawned;
import dev.weft.term.Atom;
import dev.weft.term.Inspect;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/**
 * {@code weft run FILE.java [ARGS]}: compiles a Java source file against Weft, runs its {@code main}
 * in a process on a local (not distributed) node, and exits when that process ends: status 0 if it
 * ended {@code :normal}, 1 otherwise.
 *
 * <pre>{@code
 * scripts/weft run scripts/examples/processes.java
 * }</pre>
 */
@Command(name = "run", mixinStandardHelpOptions = true,
        description = "Run a Java source file in a process on a local node; exit when it ends.")
final class RunCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "FILE", description = "the .java file (a class with main, or a compact source file)")
    Path file;

    @Parameters(index = "1..*", paramLabel = "ARGS", description = "arguments for its main")
    List<String> args = new ArrayList<>();

    @Override
    public Integer call() throws Exception {
        IO.standardIo();
        Spawned s = SourceRunner.start(file, args);
        Object reason = Kernel.receive(m -> m instanceof Down d && d.ref().equals(s.ref()) ? d.reason() : Kernel.NO_MATCH);
        if (Atom.NORMAL.equals(reason)) return 0;
        if (!(reason instanceof Throwable)) System.err.println("** (exit) " + Inspect.inspect(reason));
        return 1;
    }
}
