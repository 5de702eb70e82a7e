package io.dsv.repair.antientropy;

import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.actuate.endpoint.annotation.WriteOperation;
import org.springframework.stereotype.Component;

/** {@code POST /actuator/antientropy}: runs a sweep now and answers what it found and fixed. */
@Component
@Endpoint(id = "antientropy")
public class AntiEntropyEndpoint {

    private final AntiEntropySweeper sweeper;

    public AntiEntropyEndpoint(AntiEntropySweeper sweeper) {
        this.sweeper = sweeper;
    }

    @WriteOperation
    public AntiEntropySweeper.SweepResult sweep() {
        return sweeper.sweep();
    }
}
