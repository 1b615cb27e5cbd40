package dev.weft.testing;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

/** What the runtime logs, caught for a test to look at. */
public final class Logs {
    private Logs() {}

    /** Runs {@code body} and returns what the logger {@code name} (and those under it) logged meanwhile. */
    public static List<LogRecord> during(String name, Runnable body) {
        List<LogRecord> records = new CopyOnWriteArrayList<>();
        Handler capture = new Handler() {
            @Override public void publish(LogRecord r) { records.add(r); }
            @Override public void flush() {}
            @Override public void close() {}
        };
        Logger logger = Logger.getLogger(name);
        logger.addHandler(capture);
        try {
            body.run();
        } finally {
            logger.removeHandler(capture);
        }
        return records;
    }
}
