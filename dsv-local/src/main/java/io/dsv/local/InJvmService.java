package io.dsv.local;

import java.util.function.Supplier;
import org.springframework.context.ConfigurableApplicationContext;

/** A service as a Spring context in the launcher's JVM: the default, one-JVM local cluster. */
final class InJvmService implements ServiceNode {

    private final String name;
    private final String url;
    private final Supplier<ConfigurableApplicationContext> starter;
    private volatile ConfigurableApplicationContext context;

    InJvmService(String name, String url, Supplier<ConfigurableApplicationContext> starter) {
        this.name = name;
        this.url = url;
        this.starter = starter;
    }

    ConfigurableApplicationContext context() {
        return context;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public String url() {
        return url;
    }

    @Override
    public long pid() {
        return -1;
    }

    @Override
    public boolean alive() {
        ConfigurableApplicationContext c = context;
        return c != null && c.isActive();
    }

    @Override
    public void start() {
        context = starter.get();
    }

    @Override
    public void stop() {
        ConfigurableApplicationContext c = context;
        context = null;
        if (c != null) {
            c.close();
        }
    }

    @Override
    public void kill() {
        stop();
    }

    @Override
    public void pause() {
        throw new IllegalStateException(name + " runs in the launcher's JVM: only dsv-local --processes can pause a service");
    }

    @Override
    public void resume() {
        throw new IllegalStateException(name + " runs in the launcher's JVM: only dsv-local --processes can pause a service");
    }
}
