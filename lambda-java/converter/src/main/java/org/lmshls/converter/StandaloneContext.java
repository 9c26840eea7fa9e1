package org.lmshls.converter;

import com.amazonaws.services.lambda.runtime.ClientContext;
import com.amazonaws.services.lambda.runtime.CognitoIdentity;
import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.LambdaLogger;
import java.nio.charset.StandardCharsets;
import java.util.function.Consumer;
import java.util.function.IntSupplier;

/**
 * The {@link Context} Lambda's runtime passes, for running the handler outside Lambda (the local
 * runtime's invoker, the tests): a request id, the function's names (from its ARN), the time left,
 * and a logger that hands each message, as the handler wrote it, to {@code messages}. The handler
 * reads only the time left and the logger. Never used on Lambda.
 */
public class StandaloneContext implements Context {

    private final String requestId;
    private final String functionArn;
    private final IntSupplier remainingMillis;
    private final LambdaLogger logger;

    /** {@code functionArn}: {@code arn:aws:lambda:<region>:<account>:function:<name>}. */
    public StandaloneContext(
            String requestId, String functionArn, IntSupplier remainingMillis, Consumer<String> messages) {
        this.requestId = requestId;
        this.functionArn = functionArn;
        this.remainingMillis = remainingMillis;
        this.logger = new LambdaLogger() {
            @Override
            public void log(String message) {
                messages.accept(message);
            }

            @Override
            public void log(byte[] message) {
                log(new String(message, StandardCharsets.UTF_8));
            }
        };
    }

    /** The time left counted down from now to a deadline {@code millis} away, as the runtime counts it. */
    public static IntSupplier countdown(long millis) {
        long deadlineNanos = System.nanoTime() + millis * 1_000_000;
        return () -> (int) Math.max(0, (deadlineNanos - System.nanoTime()) / 1_000_000);
    }

    @Override
    public String getAwsRequestId() {
        return requestId;
    }

    @Override
    public String getLogGroupName() {
        return "/aws/lambda/" + getFunctionName();
    }

    @Override
    public String getLogStreamName() {
        return "standalone";
    }

    @Override
    public String getFunctionName() {
        return functionArn.substring(functionArn.lastIndexOf(':') + 1);
    }

    @Override
    public String getFunctionVersion() {
        return "$LATEST";
    }

    @Override
    public String getInvokedFunctionArn() {
        return functionArn;
    }

    @Override
    public CognitoIdentity getIdentity() {
        return null;
    }

    @Override
    public ClientContext getClientContext() {
        return null;
    }

    @Override
    public int getRemainingTimeInMillis() {
        return remainingMillis.getAsInt();
    }

    @Override
    public int getMemoryLimitInMB() {
        return 512;
    }

    @Override
    public LambdaLogger getLogger() {
        return logger;
    }
}
