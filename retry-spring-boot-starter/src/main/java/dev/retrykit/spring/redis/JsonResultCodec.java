package dev.retrykit.spring.redis;

import java.util.Objects;
import org.springframework.util.ClassUtils;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * Turns call results into JSON text for Redis and back. The text is an envelope that keeps the result's runtime
 * class: {@code {"type":"com.example.Quote","value":{...}}} ({@code {"type":null}} for {@code null}), so the stored
 * result reads back as the class the method returned, which the caller casts to its declared return type.
 *
 * <p>Why JSON and not JDK serialization: results need not implement {@code Serializable}, the stored text can be
 * read in {@code redis-cli}, and reading it back never runs {@code readObject} code. The limit: only the runtime
 * class is kept, so generic element types are lost, a {@code List<Quote>} reads back as a list of maps. Methods whose
 * results are shared through Redis should return records, beans, strings, numbers or arrays of those. The class name
 * comes from Redis, which must therefore be trusted like the application's database. Thread-safe.
 */
final class JsonResultCodec {

    private final JsonMapper mapper;
    private final ClassLoader classLoader;

    JsonResultCodec(JsonMapper mapper, ClassLoader classLoader) {
        this.mapper = Objects.requireNonNull(mapper, "mapper");
        this.classLoader = classLoader;
    }

    String encode(Object result) {
        ObjectNode envelope = mapper.createObjectNode();
        if (result == null) {
            envelope.putNull("type");
        } else {
            envelope.put("type", result.getClass().getName());
            envelope.set("value", mapper.valueToTree(result));
        }
        return mapper.writeValueAsString(envelope);
    }

    /**
     * @throws IllegalStateException when the text is not an envelope or its class is missing here
     */
    Object decode(String text) {
        JsonNode envelope = mapper.readTree(text);
        JsonNode type = envelope.get("type");
        if (type == null || type.isNull()) {
            return null;
        }
        Class<?> resultClass;
        try {
            resultClass = ClassUtils.forName(type.asString(), classLoader);
        } catch (ClassNotFoundException | LinkageError e) {
            throw new IllegalStateException("stored idempotent result has type " + type.asString()
                    + ", which is not on this application's class path", e);
        }
        return mapper.treeToValue(envelope.get("value"), resultClass);
    }
}
