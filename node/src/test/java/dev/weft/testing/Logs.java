package dev.weft.testing;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

/** What the runtime logs, caught for a test to look at: {@link #during} a body, or from {@link #capture} until closed. */
public final class Logs implements AutoCloseable {
    private final List<LogRecord> records = new CopyOnWriteArrayList<>();
    private final Logger logger;
    private final Handler handler = new Handler() {
        @Override public void publish(LogRecord r) { records.add(r); }
        @Override public void flush() {}
        @Override public void close() {}
    };

    private Logs(String name) {
        logger = Logger.getLogger(name);
        logger.addHandler(handler);
    }

    /** Catches what the logger {@code name} (and those under it) logs from now until {@link #close}. */
    public static Logs capture(String name) {
        return new Logs(name);
    }

    /** Runs {@code body} and returns what the logger {@code name} (and those under it) logged meanwhile. */
    public static List<LogRecord> during(String name, Runnable body) {
        try (Logs logs = capture(name)) {
            body.run();
            return logs.records();
        }
    }

    /** What was logged so far (a live view). */
    public List<LogRecord> records() {
        return records;
    }

    @Override
    public void close() {
        logger.removeHandler(handler);
    }
}
