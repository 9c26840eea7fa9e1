package org.lmshls.converter;

import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.http.SdkHttpRequest;

/**
 * Lets the JDK send the CreateJob body in one write instead of streaming it.
 *
 * <p>Why: the SDK's url-connection client puts every request that carries a {@code Content-Length}
 * header into the JDK's fixed-length streaming mode, and for a streaming POST on a reused
 * keep-alive connection the JDK first probes whether the server closed it, with a read that
 * waits up to 1 ms, on every warm request. Without the header the JDK buffers the body (a few
 * KB here) and sets {@code Content-Length} itself, so the request on the wire is the same. The
 * header is removed before signing, so the signature never covers it. The client itself stays
 * as the SDK builds it, timeouts and TLS included.
 */
final class OneWriteBody implements ExecutionInterceptor {

    @Override
    public SdkHttpRequest modifyHttpRequest(
            Context.ModifyHttpRequest context, ExecutionAttributes executionAttributes) {
        SdkHttpRequest request = context.httpRequest();
        if (request.firstMatchingHeader("Content-Length").isEmpty()) {
            return request;
        }
        return request.toBuilder().removeHeader("Content-Length").build();
    }
}
