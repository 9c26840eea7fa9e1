package org.lmshls.local.mediaconvert;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.Collection;
import java.util.Map;
import software.amazon.awssdk.core.SdkField;
import software.amazon.awssdk.core.SdkPojo;

/**
 * AWS SDK model → MediaConvert's REST JSON, using each field's wire name from the SDK model
 * itself ({@code jobPercentComplete}, {@code outputGroupDetails} …), so responses are spelled
 * exactly as the SDK and the CLI expect. Timestamps are epoch seconds, as MediaConvert sends them.
 */
final class SdkWireJson {
    private static final JsonNodeFactory F = JsonNodeFactory.instance;

    private SdkWireJson() {}

    static ObjectNode toJson(SdkPojo pojo) {
        ObjectNode node = F.objectNode();
        for (SdkField<?> field : pojo.sdkFields()) {
            Object value = field.getValueOrDefault(pojo);
            JsonNode json = value(value);
            if (json != null) node.set(field.locationName(), json);
        }
        return node;
    }

    private static JsonNode value(Object v) {
        if (v == null) return null;
        if (v instanceof SdkPojo p) return toJson(p);
        if (v instanceof Collection<?> c) {
            if (c.isEmpty() && c.getClass().getSimpleName().startsWith("DefaultSdkAutoConstruct")) return null;
            ArrayNode a = F.arrayNode();
            for (Object e : c) a.add(value(e));
            return a;
        }
        if (v instanceof Map<?, ?> m) {
            if (m.isEmpty() && m.getClass().getSimpleName().startsWith("DefaultSdkAutoConstruct")) return null;
            ObjectNode o = F.objectNode();
            m.forEach((k, e) -> o.set(String.valueOf(k), value(e)));
            return o;
        }
        if (v instanceof Instant i)
            return F.numberNode(
                    BigDecimal.valueOf(i.toEpochMilli()).movePointLeft(3).stripTrailingZeros());
        if (v instanceof Integer i) return F.numberNode(i);
        if (v instanceof Long l) return F.numberNode(l);
        if (v instanceof Double d) return F.numberNode(d);
        if (v instanceof Float f) return F.numberNode(f);
        if (v instanceof Boolean b) return F.booleanNode(b);
        return F.textNode(String.valueOf(v));
    }
}
