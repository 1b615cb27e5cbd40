package dev.weft.cli;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import org.jline.reader.Candidate;
import org.jline.reader.EndOfFileException;
import org.jline.reader.LineReader;
import org.jline.reader.LineReaderBuilder;
import org.jline.reader.UserInterruptException;
import org.jline.terminal.Terminal;
import org.jline.terminal.TerminalBuilder;

/** The shell's input from the user's terminal: line editing, history in ~/.weft_history, tab completion. */
final class TerminalLines implements Shell.Lines, AutoCloseable {
    private final Terminal terminal;
    private final LineReader reader;

    TerminalLines(Shell shell) {
        try {
            terminal = TerminalBuilder.builder().system(true).build();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot open the terminal", e);
        }
        reader = LineReaderBuilder.builder()
                .terminal(terminal)
                .appName("weft")
                .variable(LineReader.HISTORY_FILE, Path.of(System.getProperty("user.home"), ".weft_history"))
                .completer((r, line, candidates) -> {
                    int wordStart = line.cursor() - line.wordCursor();
                    for (String full : shell.complete(line.line(), line.cursor())) {
                        if (full.length() >= wordStart) candidates.add(new Candidate(full.substring(wordStart), full.substring(wordStart), null, null, null, null, false));
                    }
                })
                .build();
    }

    @Override
    public String read(String prompt) {
        try {
            return reader.readLine(prompt);
        } catch (UserInterruptException e) {
            return "";
        } catch (EndOfFileException e) {
            return null;
        }
    }

    @Override
    public void close() throws IOException {
        terminal.close();
    }
}
