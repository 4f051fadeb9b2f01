package org.doorway;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

/**
 * Doorway: referrals in through every door, triaged by the site's policy, the on-call case manager
 * paged, and the warm handoff timed.
 */
@SpringBootApplication
@ConfigurationPropertiesScan
public class DoorwayApplication {

    public static void main(String[] args) {
        SpringApplication.run(DoorwayApplication.class, args);
    }
}
