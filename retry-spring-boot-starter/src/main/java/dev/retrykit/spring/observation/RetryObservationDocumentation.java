package dev.retrykit.spring.observation;

import io.micrometer.common.docs.KeyName;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationConvention;
import io.micrometer.observation.docs.ObservationDocumentation;

/** The observations retrykit makes and their keys (see {@code docs/tracing.md}). */
public enum RetryObservationDocumentation implements ObservationDocumentation {

    /** One guarded call, from its start to its outcome (retries, backoff and fallback included). */
    CALL {
        @Override
        public Class<? extends ObservationConvention<? extends Observation.Context>> getDefaultConvention() {
            return DefaultRetryCallObservationConvention.class;
        }

        @Override
        public KeyName[] getLowCardinalityKeyNames() {
            return CallKeys.values();
        }

        @Override
        public KeyName[] getHighCardinalityKeyNames() {
            return CallHighCardinalityKeys.values();
        }
    },

    /** One attempt of a call, a child of the call, current on the thread that runs the attempt's body. */
    ATTEMPT {
        @Override
        public Class<? extends ObservationConvention<? extends Observation.Context>> getDefaultConvention() {
            return DefaultRetryAttemptObservationConvention.class;
        }

        @Override
        public KeyName[] getLowCardinalityKeyNames() {
            return AttemptKeys.values();
        }

        @Override
        public KeyName[] getHighCardinalityKeyNames() {
            return AttemptHighCardinalityKeys.values();
        }
    };

    /** Low-cardinality keys of {@code retry.call} (also tags of the timer Spring Boot derives from it). */
    public enum CallKeys implements KeyName {
        /** The guarded service's name. */
        SERVICE {
            @Override
            public String asString() {
                return "service";
            }
        },
        /** The call's outcome as in the {@code retry.calls} metric ({@code success}, {@code exhausted}, ...). */
        OUTCOME {
            @Override
            public String asString() {
                return "outcome";
            }
        }
    }

    /** High-cardinality keys of {@code retry.call} (spans only). */
    public enum CallHighCardinalityKeys implements KeyName {
        /** Attempts that started. */
        ATTEMPTS {
            @Override
            public String asString() {
                return "retry.attempts";
            }
        },
        /** OpenTelemetry's {@code error.type}: the fully qualified class of the failure thrown; absent on success. */
        ERROR_TYPE {
            @Override
            public String asString() {
                return "error.type";
            }
        }
    }

    /** Low-cardinality keys of {@code retry.attempt}. */
    public enum AttemptKeys implements KeyName {
        /** The guarded service's name. */
        SERVICE {
            @Override
            public String asString() {
                return "service";
            }
        },
        /** The attempt's number, 1 for the first. */
        ATTEMPT {
            @Override
            public String asString() {
                return "attempt";
            }
        },
        /**
         * The failure's simple class name, {@code none} for an attempt that ended the retries with its value, or
         * {@code rejected_result} for a value that {@code retryOnResult} rejected.
         */
        ERROR {
            @Override
            public String asString() {
                return "error";
            }
        }
    }

    /** High-cardinality keys of {@code retry.attempt} (spans only). */
    public enum AttemptHighCardinalityKeys implements KeyName {
        /** OpenTelemetry's {@code error.type}: the fully qualified class of the attempt's failure; absent otherwise. */
        ERROR_TYPE {
            @Override
            public String asString() {
                return "error.type";
            }
        }
    }
}
