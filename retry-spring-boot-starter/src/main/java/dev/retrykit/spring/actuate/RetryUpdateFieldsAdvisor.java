package dev.retrykit.spring.actuate;

import dev.retrykit.spring.actuate.RetryEndpoint.UpdateRejection;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.actuate.endpoint.EndpointId;
import org.springframework.boot.actuate.endpoint.InvocationContext;
import org.springframework.boot.actuate.endpoint.OperationType;
import org.springframework.boot.actuate.endpoint.annotation.Selector;
import org.springframework.boot.actuate.endpoint.invoke.OperationInvoker;
import org.springframework.boot.actuate.endpoint.invoke.OperationInvokerAdvisor;
import org.springframework.boot.actuate.endpoint.invoke.OperationParameter;
import org.springframework.boot.actuate.endpoint.invoke.OperationParameters;
import org.springframework.boot.actuate.endpoint.web.WebEndpointResponse;

/**
 * Refuses a {@code POST /actuator/retry/{service}} whose body holds a field the write operation does not know
 * (a typo such as {@code maxAtempts}) with 400 and the list of the fields it accepts, before the operation runs, so
 * that nothing changes. The actuator alone would drop such a field and apply the rest of the body.
 *
 * <p>The actuator hands an operation every field of the JSON body (and every query parameter) as an argument;
 * this advisor compares their names with the operation's parameters. It applies to every web stack and to the
 * write operation of a user's own {@code retry} endpoint alike. Stateless and thread-safe.
 */
public final class RetryUpdateFieldsAdvisor implements OperationInvokerAdvisor {

    private static final EndpointId RETRY = EndpointId.of("retry");

    @Override
    public OperationInvoker apply(EndpointId endpointId, OperationType operationType, OperationParameters parameters,
                                  OperationInvoker invoker) {
        if (!RETRY.equals(endpointId) || operationType != OperationType.WRITE) {
            return invoker;
        }
        Set<String> known = new LinkedHashSet<>();
        List<String> fields = new ArrayList<>();
        @Nullable String selector = null;
        for (OperationParameter parameter : parameters) {
            known.add(parameter.getName());
            if (parameter.getAnnotation(Selector.class) != null) {
                selector = selector == null ? parameter.getName() : selector;
            } else {
                fields.add(parameter.getName());
            }
        }
        return new FieldCheckingInvoker(invoker, known, String.join(", ", fields), selector);
    }

    /** Runs the operation only when every argument is one of its parameters. */
    private static final class FieldCheckingInvoker implements OperationInvoker {

        private final OperationInvoker delegate;
        private final Set<String> known;
        private final String fields;
        private final @Nullable String selector;

        FieldCheckingInvoker(OperationInvoker delegate, Set<String> known, String fields, @Nullable String selector) {
            this.delegate = Objects.requireNonNull(delegate, "delegate");
            this.known = Set.copyOf(known);
            this.fields = fields;
            this.selector = selector;
        }

        @Override
        public Object invoke(InvocationContext context) {
            List<String> problems = new ArrayList<>();
            for (String name : context.getArguments().keySet()) {
                if (!known.contains(name)) {
                    problems.add(name + ": is not a field; the body may hold " + fields);
                }
            }
            if (problems.isEmpty()) {
                return delegate.invoke(context);
            }
            Object service = selector == null ? null : context.getArguments().get(selector);
            return new WebEndpointResponse<>(new UpdateRejection(String.valueOf(service), problems),
                    WebEndpointResponse.STATUS_BAD_REQUEST);
        }
    }
}
