package org.lmshls.local.engine;

/**
 * A job failure, with the MediaConvert error code that fits it best and a message that names
 * the problem. Codes follow MediaConvert's documented ones: 1010 the input cannot be opened or
 * read, 1040 the settings cannot be run (here: a setting the engine does not support), 1999 any
 * other transcoding failure, 3450 an output cannot be written.
 */
public class EngineException extends Exception {
    public static final int INPUT_UNREADABLE = 1010;
    public static final int UNSUPPORTED_SETTINGS = 1040;
    public static final int TRANSCODE_FAILED = 1999;
    public static final int OUTPUT_WRITE_FAILED = 3450;

    private final int errorCode;

    public EngineException(int errorCode, String message) {
        super(message);
        this.errorCode = errorCode;
    }

    public EngineException(int errorCode, String message, Throwable cause) {
        super(message, cause);
        this.errorCode = errorCode;
    }

    public int errorCode() {
        return errorCode;
    }
}
