package dev.weft.cli;

import dev.weft.term.Inspect;
import java.lang.reflect.Method;
import java.util.Map;
import jdk.jshell.execution.DirectExecutionControl;
import jdk.jshell.spi.ExecutionControl;
import jdk.jshell.spi.ExecutionControlProvider;
import jdk.jshell.spi.ExecutionEnv;

/**
 * jshell's local execution engine, with each snippet run inside the shell process and its value
 * printed the way Elixir's {@code inspect} prints it.
 */
final class ShellExecution extends DirectExecutionControl {
    private final ShellProcess shell;

    private ShellExecution(ShellProcess shell) {
        this.shell = shell;
    }

    @Override
    protected String invoke(Method doitMethod) throws Exception {
        Object value = shell.run(() -> doitMethod.invoke(null));
        return Inspect.inspect(value);
    }

    /** Makes the engine for a {@link jdk.jshell.JShell} whose snippets run in {@code shell}. */
    record Provider(ShellProcess shell) implements ExecutionControlProvider {
        @Override
        public String name() {
            return "weft";
        }

        @Override
        public ExecutionControl generate(ExecutionEnv env, Map<String, String> parameters) {
            return new ShellExecution(shell);
        }
    }
}
