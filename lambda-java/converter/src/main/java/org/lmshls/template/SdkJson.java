package org.lmshls.template;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.IOException;
import java.io.InputStream;
import java.lang.reflect.InvocationTargetException;
import software.amazon.awssdk.utils.builder.SdkBuilder;

/**
 * Reads MediaConvert JSON into the AWS SDK's own model classes.
 *
 * <p>Both spellings MediaConvert uses are accepted: the PascalCase of job templates and the
 * console, and the camelCase of the REST wire format. Binding goes through each model's
 * {@code serializableBuilderClass()}, so the whole model is available without hand-written
 * mapping, and a field the SDK does not know is an error rather than silently dropped.
 */
public final class SdkJson {

  private static final ObjectMapper MAPPER =
      JsonMapper.builder()
          .enable(MapperFeature.ACCEPT_CASE_INSENSITIVE_PROPERTIES)
          .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
          .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
          .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
          .build();

  private SdkJson() {}

  /** Reads {@code json} into an instance of {@code modelClass}, e.g. {@code JobSettings.class}. */
  public static <T> T read(InputStream json, Class<T> modelClass) {
    try {
      return modelClass.cast(((SdkBuilder<?, ?>) MAPPER.readValue(json, builderClassOf(modelClass))).build());
    } catch (JsonMappingException e) {
      throw new InvalidSdkJsonException(describe(e, modelClass), e);
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new InvalidSdkJsonException(
          "malformed JSON for " + modelClass.getSimpleName() + ": " + e.getOriginalMessage(), e);
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  /** Reads {@code json} into an instance of {@code modelClass}, e.g. {@code JobSettings.class}. */
  public static <T> T read(byte[] json, Class<T> modelClass) {
    return read(new java.io.ByteArrayInputStream(json), modelClass);
  }

  private static Class<?> builderClassOf(Class<?> modelClass) {
    try {
      return (Class<?>) modelClass.getMethod("serializableBuilderClass").invoke(null);
    } catch (NoSuchMethodException | IllegalAccessException | InvocationTargetException e) {
      throw new IllegalArgumentException(modelClass.getName() + " is not an AWS SDK model class", e);
    }
  }

  private static String describe(JsonMappingException e, Class<?> modelClass) {
    String where = path(e);
    if (e instanceof UnrecognizedPropertyException u) {
      return "unknown field \"" + u.getPropertyName() + "\" at " + where
          + " (not part of MediaConvert's " + modelClass.getSimpleName() + ")";
    }
    return "invalid value at " + where + ": " + e.getOriginalMessage();
  }

  /** A JSONPath-like location such as {@code OutputGroups[0].Outputs[2].VideoDescription}. */
  static String path(JsonMappingException e) {
    StringBuilder sb = new StringBuilder("$");
    for (JsonMappingException.Reference ref : e.getPath()) {
      if (ref.getFieldName() != null) {
        sb.append('.').append(ref.getFieldName());
      } else if (ref.getIndex() >= 0) {
        sb.append('[').append(ref.getIndex()).append(']');
      }
    }
    return sb.toString();
  }

  /** The JSON names the problem: which field, where, and why. */
  public static final class InvalidSdkJsonException extends IllegalArgumentException {
    InvalidSdkJsonException(String message, Throwable cause) {
      super(message, cause);
    }
  }
}
