package org.lmshls.template;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.exc.InputCoercionException;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.lang.reflect.InvocationTargetException;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import software.amazon.awssdk.core.SdkField;
import software.amazon.awssdk.core.SdkPojo;
import software.amazon.awssdk.core.protocol.MarshallingType;
import software.amazon.awssdk.core.traits.ListTrait;
import software.amazon.awssdk.core.traits.MapTrait;
import software.amazon.awssdk.utils.builder.Buildable;

/**
 * Reads MediaConvert JSON into the AWS SDK's own model classes (JobSettings, CreateJobRequest, …).
 *
 * <p>Both spellings MediaConvert uses are accepted: the PascalCase of job templates and the
 * console, and the camelCase of the REST wire format. Binding walks the model's own field
 * descriptions ({@code sdkFields()}), the same ones the SDK marshals with, so the whole model is
 * available without hand-written mapping and without reflection-based binding (which costs
 * several hundred ms at a Lambda cold start). A field the SDK does not know, or a value of the
 * wrong type, is an error that names it and where it is; nothing is silently dropped.
 */
public final class SdkJson {

    private static final JsonFactory JSON = JsonFactory.builder().build();

    /** Per builder class: lower-cased member and wire names → field. */
    private static final Map<Class<?>, Map<String, SdkField<?>>> FIELD_CACHE =
            new java.util.concurrent.ConcurrentHashMap<>();

    private SdkJson() {}

    /** Reads {@code json} into an instance of {@code modelClass}, e.g. {@code JobSettings.class}. */
    public static <T> T read(InputStream json, Class<T> modelClass) {
        SdkPojo builder = newBuilder(modelClass);
        try (JsonParser p = JSON.createParser(json)) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                throw new InvalidSdkJsonException("expected a JSON object for " + modelClass.getSimpleName());
            }
            readObject(p, builder, "$", modelClass.getSimpleName());
            if (p.nextToken() != null) {
                throw new InvalidSdkJsonException("unexpected content after the JSON object at " + location(p));
            }
            return modelClass.cast(((Buildable) builder).build());
        } catch (JsonParseException e) {
            throw new InvalidSdkJsonException(
                    "malformed JSON for " + modelClass.getSimpleName() + ": " + e.getOriginalMessage() + " at "
                            + location(e.getProcessor()),
                    e);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Reads the object at the parser's current {@code START_OBJECT} token into an instance of
     * {@code modelClass}; {@code path} names it in errors. The parser ends on the object's
     * {@code END_OBJECT}.
     */
    public static <T> T read(JsonParser p, Class<T> modelClass, String path) throws IOException {
        if (p.currentToken() != JsonToken.START_OBJECT) {
            throw new InvalidSdkJsonException(
                    "expected a JSON object for " + modelClass.getSimpleName() + " at " + path);
        }
        SdkPojo builder = newBuilder(modelClass);
        readObject(p, builder, path, modelClass.getSimpleName());
        return modelClass.cast(((Buildable) builder).build());
    }

    /** A parser over {@code in}, for callers that read a file's other parts themselves. */
    public static JsonParser parser(InputStream in) throws IOException {
        return JSON.createParser(in);
    }

    /** Reads {@code json} into an instance of {@code modelClass}, e.g. {@code JobSettings.class}. */
    public static <T> T read(byte[] json, Class<T> modelClass) {
        return read(new ByteArrayInputStream(json), modelClass);
    }

    private static void readObject(JsonParser p, SdkPojo builder, String path, String typeName) throws IOException {
        Map<String, SdkField<?>> fields = fieldsOf(builder);
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String name = p.currentName();
            SdkField<?> field = fields.get(name.toLowerCase(Locale.ROOT));
            if (field == null) {
                throw new InvalidSdkJsonException(
                        "unknown field \"" + name + "\" at " + path + " (not part of MediaConvert's " + typeName + ")");
            }
            String here = path + "." + name;
            if (p.nextToken() == JsonToken.VALUE_NULL) {
                continue;
            }
            field.set(builder, readValue(p, field, here));
        }
    }

    private static Object readValue(JsonParser p, SdkField<?> field, String path) throws IOException {
        MarshallingType<?> type = field.marshallingType();
        JsonToken t = p.currentToken();
        try {
            if (type == MarshallingType.STRING) {
                expect(t == JsonToken.VALUE_STRING, path, "a string", p);
                return p.getText();
            } else if (type == MarshallingType.INTEGER) {
                expect(t == JsonToken.VALUE_NUMBER_INT, path, "a whole number", p);
                return p.getIntValue();
            } else if (type == MarshallingType.LONG) {
                expect(t == JsonToken.VALUE_NUMBER_INT, path, "a whole number", p);
                return p.getLongValue();
            } else if (type == MarshallingType.DOUBLE || type == MarshallingType.FLOAT) {
                expect(t == JsonToken.VALUE_NUMBER_INT || t == JsonToken.VALUE_NUMBER_FLOAT, path, "a number", p);
                return type == MarshallingType.DOUBLE ? (Object) p.getDoubleValue() : (Object) p.getFloatValue();
            } else if (type == MarshallingType.BOOLEAN) {
                expect(t == JsonToken.VALUE_TRUE || t == JsonToken.VALUE_FALSE, path, "true or false", p);
                return t == JsonToken.VALUE_TRUE;
            } else if (type == MarshallingType.INSTANT) {
                if (t == JsonToken.VALUE_NUMBER_INT || t == JsonToken.VALUE_NUMBER_FLOAT) {
                    return Instant.ofEpochMilli(Math.round(p.getDoubleValue() * 1000));
                }
                expect(t == JsonToken.VALUE_STRING, path, "a timestamp", p);
                return Instant.parse(p.getText());
            } else if (type == MarshallingType.SDK_POJO) {
                expect(t == JsonToken.START_OBJECT, path, "an object", p);
                SdkPojo child = field.constructor().get();
                readObject(
                        p,
                        child,
                        path,
                        child.getClass().getEnclosingClass() == null
                                ? child.getClass().getSimpleName()
                                : child.getClass().getEnclosingClass().getSimpleName());
                return ((Buildable) child).build();
            } else if (type == MarshallingType.LIST) {
                expect(t == JsonToken.START_ARRAY, path, "an array", p);
                SdkField<?> member = field.getTrait(ListTrait.class).memberFieldInfo();
                List<Object> list = new ArrayList<>();
                while (p.nextToken() != JsonToken.END_ARRAY) {
                    String here = path + "[" + list.size() + "]";
                    expect(p.currentToken() != JsonToken.VALUE_NULL, here, "a value, not null", p);
                    list.add(readValue(p, member, here));
                }
                return list;
            } else if (type == MarshallingType.MAP) {
                expect(t == JsonToken.START_OBJECT, path, "an object", p);
                SdkField<?> value = field.getTrait(MapTrait.class).valueFieldInfo();
                Map<String, Object> map = new LinkedHashMap<>();
                while (p.nextToken() == JsonToken.FIELD_NAME) {
                    String key = p.currentName();
                    p.nextToken();
                    map.put(key, readValue(p, value, path + "[\"" + key + "\"]"));
                }
                return map;
            }
        } catch (InputCoercionException | DateTimeParseException e) {
            throw new InvalidSdkJsonException(
                    "invalid value at " + path + ": "
                            + e.getMessage().lines().findFirst().orElse(""),
                    e);
        }
        throw new InvalidSdkJsonException("unsupported field type " + type + " at " + path);
    }

    private static void expect(boolean ok, String path, String what, JsonParser p) throws IOException {
        if (!ok) {
            String found = p.currentToken() == null
                    ? "end of input"
                    : p.currentToken().isScalarValue()
                            ? p.currentToken().asString() == null ? "\"" + p.getText() + "\"" : p.getText()
                            : p.currentToken().asString();
            throw new InvalidSdkJsonException("invalid value at " + path + ": expected " + what + ", found " + found);
        }
    }

    private static Map<String, SdkField<?>> fieldsOf(SdkPojo builder) {
        return FIELD_CACHE.computeIfAbsent(builder.getClass(), c -> {
            Map<String, SdkField<?>> m = new HashMap<>();
            for (SdkField<?> f : builder.sdkFields()) {
                m.put(f.memberName().toLowerCase(Locale.ROOT), f);
                if (f.locationName() != null) {
                    m.putIfAbsent(f.locationName().toLowerCase(Locale.ROOT), f);
                }
            }
            return m;
        });
    }

    private static SdkPojo newBuilder(Class<?> modelClass) {
        try {
            Object b = modelClass.getMethod("builder").invoke(null);
            if (b instanceof SdkPojo pojo && b instanceof Buildable) {
                return pojo;
            }
        } catch (NoSuchMethodException | IllegalAccessException | InvocationTargetException e) {
            // fall through
        }
        throw new IllegalArgumentException(modelClass.getName() + " is not an AWS SDK model class");
    }

    private static String location(JsonParser p) {
        if (p == null) {
            return "unknown position";
        }
        var l = p.currentLocation();
        return "line " + l.getLineNr() + ", column " + l.getColumnNr();
    }

    /** The JSON names the problem: which field, where, and why. */
    public static final class InvalidSdkJsonException extends IllegalArgumentException {
        InvalidSdkJsonException(String message) {
            super(message);
        }

        InvalidSdkJsonException(String message, Throwable cause) {
            super(message, cause);
        }
    }
}
