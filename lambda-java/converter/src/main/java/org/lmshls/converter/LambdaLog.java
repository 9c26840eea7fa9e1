package org.lmshls.converter;

import com.amazonaws.services.lambda.runtime.Context;
import org.lmshls.converter.log.Log;

/** Where the converter's {@link Log} lines go: the invocation's logger, else standard output. */
final class LambdaLog {

    private LambdaLog() {}

    static Log.Sink sink(Context context) {
        if (context != null && context.getLogger() != null) {
            return line -> context.getLogger().log(line + "\n");
        }
        return Log.Sink.STDOUT;
    }
}
