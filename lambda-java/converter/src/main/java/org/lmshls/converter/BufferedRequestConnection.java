package org.lmshls.converter;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.HttpURLConnection;
import java.net.URI;
import java.net.URL;
import java.security.Permission;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;

/**
 * An {@link HttpURLConnection} that sends the request body as one buffered write instead of
 * streaming it.
 *
 * <p>Why: the SDK's url-connection client puts every request with a Content-Length into the
 * JDK's fixed-length streaming mode. For a streaming POST on a reused keep-alive connection the
 * JDK first probes whether the server closed it, with a read that waits up to 1 ms, on every
 * request. A CreateJob body is a few KB, so buffering costs nothing and saves that millisecond
 * on each warm invocation. Everything else is delegated unchanged, TLS verification included.
 */
final class BufferedRequestConnection extends HttpURLConnection {

  private final HttpURLConnection delegate;

  private BufferedRequestConnection(HttpURLConnection delegate) {
    super(delegate.getURL());
    this.delegate = delegate;
  }

  /** The SDK HTTP client the converter uses: url-connection, bodies sent in one write. */
  static SdkHttpClient httpClient() {
    return UrlConnectionHttpClient.create(uri -> open(uri));
  }

  private static HttpURLConnection open(URI uri) {
    try {
      return new BufferedRequestConnection((HttpURLConnection) uri.toURL().openConnection());
    } catch (IOException e) {
      throw new java.io.UncheckedIOException("cannot open a connection to " + uri, e);
    }
  }

  // The point of the class: no streaming mode, so the JDK buffers the body.
  @Override
  public void setFixedLengthStreamingMode(int contentLength) {}

  @Override
  public void setFixedLengthStreamingMode(long contentLength) {}

  @Override
  public void setChunkedStreamingMode(int chunkLength) {}

  // Everything below only delegates.
  @Override public void connect() throws IOException { delegate.connect(); }
  @Override public void disconnect() { delegate.disconnect(); }
  @Override public boolean usingProxy() { return delegate.usingProxy(); }
  @Override public void setRequestMethod(String method) throws java.net.ProtocolException { delegate.setRequestMethod(method); }
  @Override public String getRequestMethod() { return delegate.getRequestMethod(); }
  @Override public int getResponseCode() throws IOException { return delegate.getResponseCode(); }
  @Override public String getResponseMessage() throws IOException { return delegate.getResponseMessage(); }
  @Override public InputStream getErrorStream() { return delegate.getErrorStream(); }
  @Override public void setInstanceFollowRedirects(boolean follow) { delegate.setInstanceFollowRedirects(follow); }
  @Override public boolean getInstanceFollowRedirects() { return delegate.getInstanceFollowRedirects(); }
  @Override public String getHeaderFieldKey(int n) { return delegate.getHeaderFieldKey(n); }
  @Override public String getHeaderField(int n) { return delegate.getHeaderField(n); }
  @Override public String getHeaderField(String name) { return delegate.getHeaderField(name); }
  @Override public Map<String, List<String>> getHeaderFields() { return delegate.getHeaderFields(); }
  @Override public long getHeaderFieldDate(String name, long defaultValue) { return delegate.getHeaderFieldDate(name, defaultValue); }
  @Override public Permission getPermission() throws IOException { return delegate.getPermission(); }
  @Override public URL getURL() { return delegate.getURL(); }
  @Override public int getContentLength() { return delegate.getContentLength(); }
  @Override public long getContentLengthLong() { return delegate.getContentLengthLong(); }
  @Override public String getContentType() { return delegate.getContentType(); }
  @Override public String getContentEncoding() { return delegate.getContentEncoding(); }
  @Override public InputStream getInputStream() throws IOException { return delegate.getInputStream(); }
  @Override public OutputStream getOutputStream() throws IOException { return delegate.getOutputStream(); }
  @Override public void setDoInput(boolean doInput) { delegate.setDoInput(doInput); }
  @Override public boolean getDoInput() { return delegate.getDoInput(); }
  @Override public void setDoOutput(boolean doOutput) { delegate.setDoOutput(doOutput); }
  @Override public boolean getDoOutput() { return delegate.getDoOutput(); }
  @Override public void setUseCaches(boolean useCaches) { delegate.setUseCaches(useCaches); }
  @Override public boolean getUseCaches() { return delegate.getUseCaches(); }
  @Override public void setConnectTimeout(int timeout) { delegate.setConnectTimeout(timeout); }
  @Override public int getConnectTimeout() { return delegate.getConnectTimeout(); }
  @Override public void setReadTimeout(int timeout) { delegate.setReadTimeout(timeout); }
  @Override public int getReadTimeout() { return delegate.getReadTimeout(); }
  @Override public void setRequestProperty(String key, String value) { delegate.setRequestProperty(key, value); }
  @Override public void addRequestProperty(String key, String value) { delegate.addRequestProperty(key, value); }
  @Override public String getRequestProperty(String key) { return delegate.getRequestProperty(key); }
  @Override public Map<String, List<String>> getRequestProperties() { return delegate.getRequestProperties(); }
  @Override public void setAllowUserInteraction(boolean allow) { delegate.setAllowUserInteraction(allow); }
  @Override public boolean getAllowUserInteraction() { return delegate.getAllowUserInteraction(); }
  @Override public void setIfModifiedSince(long ifModifiedSince) { delegate.setIfModifiedSince(ifModifiedSince); }
  @Override public long getIfModifiedSince() { return delegate.getIfModifiedSince(); }
  @Override public String toString() { return delegate.toString(); }
}
