package dev.retrykit.spring.redis;

import java.lang.reflect.Type;
import java.util.Objects;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * Turns call results into JSON text for Redis and back. The text is an envelope {@code {"value":...}}
 * ({@code {"value":null}} for {@code null}); it is read back as the method's declared return type, generics included
 * ({@code List<Quote>} comes back as a list of {@code Quote}), which the caller passes. The stored text never chooses
 * the class: no class name is written, one written by an older version or by anyone else with access to Redis
 * ({@code "type"}) is ignored, and the mapper's default typing is switched off for reading, so stored data cannot
 * steer which class Jackson instantiates (only the declared type's own {@code @JsonTypeInfo}, if it has one, can).
 *
 * <p>Why JSON and not JDK serialization: results need not implement {@code Serializable}, the stored text can be
 * read in {@code redis-cli}, and reading it back never runs {@code readObject} code. Methods whose results are
 * shared through Redis should return types Jackson can write and read: records, beans, strings, numbers, collections
 * and arrays of those. A result whose declared type is {@code Object} reads back as JSON maps, lists and scalars.
 * Thread-safe.
 */
final class JsonResultCodec {

    private final JsonMapper mapper;

    JsonResultCodec(JsonMapper mapper) {
        this.mapper = Objects.requireNonNull(mapper, "mapper").rebuild().deactivateDefaultTyping().build();
    }

    String encode(Object result) {
        ObjectNode envelope = mapper.createObjectNode();
        envelope.set("value", mapper.valueToTree(result));
        return mapper.writeValueAsString(envelope);
    }

    /**
     * Reads the stored value as {@code declaredType}.
     *
     * @throws tools.jackson.core.JacksonException when the text is not JSON or the value does not fit the type
     */
    Object decode(String text, Type declaredType) {
        JsonNode value = mapper.readTree(text).get("value");
        if (value == null || value.isNull()) {
            return null;
        }
        return mapper.treeToValue(value, mapper.constructType(declaredType));
    }
}
