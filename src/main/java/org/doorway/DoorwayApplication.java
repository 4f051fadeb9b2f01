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

    /**
     * Runs Doorway; or, with {@code policy replay …}, the what-if replay of a draft policy over
     * historical exports ({@link org.doorway.intake.replay.ReplayCommand}); or, with
     * {@code coverage …}, the coverage planner's what-if of staffing scenarios over historical
     * exports ({@link org.doorway.planner.CoverageCommand}). Neither starts a server or a database.
     */
    public static void main(String[] args) {
        if (args.length > 0 && "policy".equals(args[0])) {
            System.exit(org.doorway.intake.replay.ReplayCommand.run(args, System.out, System.err));
        }
        if (args.length > 0 && "coverage".equals(args[0])) {
            System.exit(org.doorway.planner.CoverageCommand.run(args, System.out, System.err));
        }
        SpringApplication.run(DoorwayApplication.class, args);
    }
}
