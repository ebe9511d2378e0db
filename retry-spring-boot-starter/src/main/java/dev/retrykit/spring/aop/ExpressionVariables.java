package dev.retrykit.spring.aop;

import dev.retrykit.spring.diagnostics.ConfigurationProblem;
import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.StringJoiner;
import org.springframework.core.DefaultParameterNameDiscoverer;
import org.springframework.core.ParameterNameDiscoverer;
import org.springframework.expression.Expression;
import org.springframework.expression.spel.SpelNode;
import org.springframework.expression.spel.ast.VariableReference;
import org.springframework.expression.spel.standard.SpelExpression;

/**
 * Checks at startup that an annotation's SpEL expression names only variables its evaluation context will hold:
 * the method's parameters by name ({@code #order}, which needs classes compiled with {@code -parameters}) or by
 * position ({@code #p0}, {@code #a0}), {@code #root} and {@code #this}, and {@code #result} where the expression sees
 * the call's result. Without this check a misspelt parameter evaluates to {@code null} and fails every call.
 * Stateless.
 */
final class ExpressionVariables {

    private static final ParameterNameDiscoverer PARAMETER_NAMES = new DefaultParameterNameDiscoverer();

    private ExpressionVariables() {
    }

    /**
     * Adds a problem to {@code problems} for every variable of {@code expression} that {@code method} does not
     * provide.
     *
     * @param overResult whether {@code #result} is set (as for {@code retryOnResult})
     * @param where      the annotation attribute, for the message
     */
    static void check(Expression expression, Method method, boolean overResult, String where, List<ConfigurationProblem> problems) {
        if (!(expression instanceof SpelExpression spel)) {
            return;
        }
        Set<String> named = new LinkedHashSet<>();
        collect(spel.getAST(), named);
        String[] parameterNames = PARAMETER_NAMES.getParameterNames(method);
        for (String variable : named) {
            if (!provides(variable, method, parameterNames, overResult)) {
                problems.add(new ConfigurationProblem(where, expression.getExpressionString(),
                        reason(variable, method, parameterNames, overResult), allowed(method, parameterNames, overResult)));
            }
        }
    }

    private static void collect(SpelNode node, Set<String> named) {
        if (node instanceof VariableReference) {
            // toStringAST is "#name"; the name itself is not exposed
            named.add(node.toStringAST().substring(1));
        }
        for (int i = 0; i < node.getChildCount(); i++) {
            collect(node.getChild(i), named);
        }
    }

    private static boolean provides(String variable, Method method, String[] parameterNames, boolean overResult) {
        if (variable.equals("root") || variable.equals("this") || (overResult && variable.equals("result"))) {
            return true;
        }
        int position = position(variable);
        if (position >= 0) {
            return position < Coroutines.parameterTypes(method).length;
        }
        return parameterNames != null && Arrays.asList(parameterNames).contains(variable);
    }

    /** The index of {@code #p3} or {@code #a3}; -1 for any other name. */
    private static int position(String variable) {
        if (variable.length() < 2 || (variable.charAt(0) != 'p' && variable.charAt(0) != 'a')) {
            return -1;
        }
        for (int i = 1; i < variable.length(); i++) {
            if (!Character.isDigit(variable.charAt(i))) {
                return -1;
            }
        }
        try {
            return Integer.parseInt(variable.substring(1));
        } catch (NumberFormatException tooLarge) {
            return Integer.MAX_VALUE;
        }
    }

    private static String reason(String variable, Method method, String[] parameterNames, boolean overResult) {
        String signature = method.getDeclaringClass().getSimpleName() + "." + method.getName() + "(" + parameters(method, parameterNames) + ")";
        if (variable.equals("result")) {
            return "names #result, which only retryOnResult can see";
        }
        if (position(variable) >= 0) {
            return "names #" + variable + ", but " + signature + " has " + Coroutines.parameterTypes(method).length + " parameter(s)";
        }
        if (parameterNames == null && Coroutines.parameterTypes(method).length > 0) {
            return "names #" + variable + ", but the parameter names of " + signature
                    + " are not available (compile with -parameters)";
        }
        return "names #" + variable + ", which is not a parameter of " + signature;
    }

    private static String allowed(Method method, String[] parameterNames, boolean overResult) {
        List<String> variables = new ArrayList<>();
        if (parameterNames != null) {
            for (String name : parameterNames) {
                variables.add("#" + name);
            }
        }
        for (int i = 0; i < Coroutines.parameterTypes(method).length; i++) {
            variables.add("#p" + i);
        }
        if (overResult) {
            variables.add("#result");
        }
        variables.add("#root");
        return "one of the variables " + String.join(", ", variables)
                + (overResult ? ", e.g. #result == null" : "");
    }

    private static String parameters(Method method, String[] parameterNames) {
        StringJoiner joined = new StringJoiner(", ");
        Class<?>[] types = Coroutines.parameterTypes(method);
        for (int i = 0; i < types.length; i++) {
            joined.add(types[i].getSimpleName() + (parameterNames != null ? " " + parameterNames[i] : ""));
        }
        return joined.toString();
    }
}
