package dev.cadenza.discovery;

import dev.cadenza.model.ModelSpec;
import dev.cadenza.model.Weights;
import dev.cadenza.spi.Availability;
import dev.cadenza.spi.BackendProvider;
import dev.cadenza.spi.Engine;
import dev.cadenza.spi.EngineModel;

import java.util.List;

/** Test doubles of backend providers: they only answer discovery questions and never build models. */
public final class FakeBackends {
    private FakeBackends() {}

    /** Registered in this module's test META-INF/services. */
    public static final class Listed implements BackendProvider {
        public String name() {
            return "listed";
        }

        public int priority() {
            return 10;
        }

        public Availability availability() {
            return Availability.yes();
        }

        public Engine open() {
            return new NamedBackend("listed");
        }
    }

    /** A provider whose construction fails, as a jar with a missing dependency would. */
    public static final class Broken implements BackendProvider {
        public Broken() {
            throw new IllegalStateException("missing native dependency");
        }

        public String name() {
            return "broken";
        }

        public int priority() {
            return 1000;
        }

        public Availability availability() {
            return Availability.yes();
        }

        public Engine open() {
            throw new AssertionError();
        }
    }

    static BackendProvider provider(String name, int priority, Availability availability) {
        return new BackendProvider() {
            public String name() {
                return name;
            }

            public int priority() {
                return priority;
            }

            public Availability availability() {
                return availability;
            }

            public Engine open() {
                return new NamedBackend(name);
            }
        };
    }

    record NamedBackend(String name) implements Engine {
        public List<String> unsupported(ModelSpec spec) {
            return List.of();
        }

        public EngineModel create(ModelSpec spec, Weights weights) {
            throw new UnsupportedOperationException("discovery test double builds no models");
        }
    }
}
