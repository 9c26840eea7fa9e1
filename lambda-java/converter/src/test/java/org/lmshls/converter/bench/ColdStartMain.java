package org.lmshls.converter.bench;

import java.io.FileInputStream;
import java.io.InputStream;
import java.io.OutputStream;
import org.lmshls.converter.ConverterHandler;

/**
 * What a Lambda cold start does, in one fresh JVM: construct the handler from the environment,
 * hand it the S3 event's JSON as the runtime hands a {@code RequestStreamHandler} its input (one
 * CreateJob), exit.
 */
public final class ColdStartMain {
    public static void main(String[] args) throws Exception {
        ConverterHandler handler = new ConverterHandler();
        try (InputStream in = new FileInputStream(args[0])) {
            handler.handleRequest(in, OutputStream.nullOutputStream(), null);
        }
    }
}
