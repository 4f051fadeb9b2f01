package org.doorway.paging;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import org.doorway.paging.ProviderBreakers.Channel;
import org.doorway.system.DoorwayProperties;
import org.junit.jupiter.api.Test;

/** The circuit breaker of each provider channel: when its pages wait, and when they go again. */
class ProviderBreakersTest {

    private static final SmsFailure UNAVAILABLE = SmsFailure.temporary("20503", null);

    private static ProviderBreakers breakers(Duration openFor) {
        return new ProviderBreakers(new DoorwayProperties.Breaker(50, 4, 4, openFor));
    }

    private static void fail(ProviderBreakers breakers, Channel channel, int times) {
        for (int i = 0; i < times; i++) {
            assertThat(breakers.tryAcquire(channel)).isTrue();
            breakers.failed(channel, UNAVAILABLE);
        }
    }

    @Test
    void aChannelWhoseProviderKeepsFailingIsDownAndItsPagesWaitUnattempted() {
        ProviderBreakers breakers = breakers(Duration.ofHours(1));
        assertThat(breakers.down(Channel.SMS)).isFalse();
        assertThat(breakers.waitingKinds()).isEmpty();

        fail(breakers, Channel.SMS, 4);

        assertThat(breakers.down(Channel.SMS)).isTrue();
        assertThat(breakers.anyDown()).isTrue();
        assertThat(breakers.waitingKinds()).containsExactlyInAnyOrder("PAGE", "REMINDER", "NOTICE");
        assertThat(breakers.tryAcquire(Channel.SMS)).as("no text is attempted").isFalse();
    }

    @Test
    void callsStillGoWhileTextsAreDown() {
        ProviderBreakers breakers = breakers(Duration.ofHours(1));
        fail(breakers, Channel.SMS, 4);

        assertThat(breakers.down(Channel.VOICE)).isFalse();
        assertThat(breakers.waitingKinds()).doesNotContain("VOICE");
        assertThat(breakers.tryAcquire(Channel.VOICE)).isTrue();
    }

    @Test
    void refusalsForTheRecipientsSakeCountAsTheProviderWorking() {
        ProviderBreakers breakers = breakers(Duration.ofHours(1));
        for (int i = 0; i < 10; i++) {
            assertThat(breakers.tryAcquire(Channel.SMS)).isTrue();
            breakers.succeeded(Channel.SMS); // what the engine records for a 4xx refusal
        }
        fail(breakers, Channel.SMS, 1);

        assertThat(breakers.down(Channel.SMS)).isFalse();
    }

    @Test
    void afterItsWaitADownChannelLetsOnePageTryAndItsSuccessBringsTheChannelBack() {
        ProviderBreakers breakers = breakers(Duration.ofMillis(50));
        fail(breakers, Channel.SMS, 4);
        assertThat(breakers.down(Channel.SMS)).isTrue();

        // The breaker moves to letting a trial through by itself, with nobody asking.
        await().atMost(Duration.ofSeconds(30))
                .until(() -> breakers.waitingKinds().isEmpty());
        assertThat(breakers.down(Channel.SMS))
                .as("still down while one page tries")
                .isTrue();
        assertThat(breakers.tryAcquire(Channel.SMS)).as("the trial page").isTrue();
        assertThat(breakers.tryAcquire(Channel.SMS))
                .as("every other page still waits")
                .isFalse();
        assertThat(breakers.waitingKinds())
                .as("not claimed while the trial is out")
                .contains("PAGE");

        breakers.succeeded(Channel.SMS);

        assertThat(breakers.down(Channel.SMS)).isFalse();
        assertThat(breakers.tryAcquire(Channel.SMS)).isTrue();
    }

    @Test
    void aFailedTrialKeepsTheChannelDown() {
        ProviderBreakers breakers = breakers(Duration.ofMillis(50));
        fail(breakers, Channel.VOICE, 4);
        await().atMost(Duration.ofSeconds(30))
                .until(() -> breakers.waitingKinds().isEmpty());

        assertThat(breakers.tryAcquire(Channel.VOICE)).isTrue();
        breakers.failed(Channel.VOICE, UNAVAILABLE);

        assertThat(breakers.down(Channel.VOICE)).isTrue();
        assertThat(breakers.tryAcquire(Channel.VOICE)).isFalse();
    }

    @Test
    void aTrialPermissionNotUsedLetsTheNextPageTry() {
        ProviderBreakers breakers = breakers(Duration.ofMillis(50));
        fail(breakers, Channel.SMS, 4);
        await().atMost(Duration.ofSeconds(30))
                .until(() -> breakers.waitingKinds().isEmpty());

        assertThat(breakers.tryAcquire(Channel.SMS)).isTrue();
        breakers.unused(Channel.SMS); // the trial page had gone stale: no request left

        assertThat(breakers.tryAcquire(Channel.SMS)).isTrue();
    }
}
