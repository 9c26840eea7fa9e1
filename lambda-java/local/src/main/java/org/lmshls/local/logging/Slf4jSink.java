package org.lmshls.local.logging;

import org.lmshls.converter.log.Log;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Where the local runtime's {@link Log} lines go: an SLF4J logger, at the line's own level and with
 * the throwable behind it (logback writes them to stderr after the time, the level and the logger's
 * name; {@code LMS_HLS_LOG_LEVEL} sets the threshold). The lines are the converter's, so a line of
 * the runtime and one of the converter running in it have the same shape.
 */
public record Slf4jSink(Logger logger) implements Log.Sink {

    /** A sink to the logger of that name. */
    public static Slf4jSink named(String name) {
        return new Slf4jSink(LoggerFactory.getLogger(name));
    }

    /** A sink to that logger. */
    public static Slf4jSink of(Logger logger) {
        return new Slf4jSink(logger);
    }

    /** A line without a level (e.g. one the converter hands its Lambda logger): INFO. */
    @Override
    public void accept(String line) {
        logger.info(line);
    }

    @Override
    public void accept(Log.Level level, String line, Throwable cause) {
        switch (level) {
            case DEBUG -> logger.debug(line, cause);
            case INFO -> logger.info(line, cause);
            case WARN -> logger.warn(line, cause);
            case ERROR -> logger.error(line, cause);
        }
    }
}
