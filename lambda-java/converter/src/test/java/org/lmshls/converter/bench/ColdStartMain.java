package org.lmshls.converter.bench;

import com.amazonaws.services.lambda.runtime.events.S3Event;
import com.amazonaws.services.lambda.runtime.serialization.events.LambdaEventSerializers;
import java.io.FileInputStream;
import java.io.InputStream;
import org.lmshls.converter.ConverterHandler;

/**
 * What a Lambda cold start does, in one fresh JVM: deserialize the S3 event as the runtime does,
 * construct the handler from the environment, handle the event (one CreateJob), exit.
 */
public final class ColdStartMain {
    public static void main(String[] args) throws Exception {
        S3Event event;
        try (InputStream in = new FileInputStream(args[0])) {
            event = LambdaEventSerializers.serializerFor(S3Event.class, ColdStartMain.class.getClassLoader())
                    .fromJson(in);
        }
        new ConverterHandler().handleRequest(event, null);
    }
}
