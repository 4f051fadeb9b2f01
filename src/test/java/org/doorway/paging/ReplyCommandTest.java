package org.doorway.paging;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;

class ReplyCommandTest {

    static Stream<Arguments> understood() {
        return Stream.of(
                // reply, page code (null: the newest page), ETA in minutes
                Arguments.of("1a", 1, null),
                Arguments.of("1A", 1, null),
                Arguments.of(" 1 a ", 1, null),
                Arguments.of("12a", 12, null),
                Arguments.of("99a", 99, null),
                Arguments.of("1ack", 1, null),
                Arguments.of("3 ACK", 3, null),
                Arguments.of("1a!", 1, null),
                Arguments.of("1a 15", 1, 15),
                Arguments.of("1a  15", 1, 15),
                Arguments.of("1 ack 15.", 1, 15),
                Arguments.of("2a 120", 2, 120),
                Arguments.of("a", null, null),
                Arguments.of("A", null, null),
                Arguments.of("ack", null, null),
                Arguments.of("ACK.", null, null),
                Arguments.of("Ack!!", null, null),
                Arguments.of("a 10", null, 10),
                Arguments.of("ack 5", null, 5));
    }

    @ParameterizedTest(name = "\"{0}\" -> code {1}, ETA {2}")
    @MethodSource("understood")
    void understandsAcknowledgements(String reply, Integer code, Integer eta) {
        assertThat(ReplyCommand.parse(reply)).contains(new ReplyCommand(code, ReplyCommand.Action.ACKNOWLEDGE, eta));
    }

    static Stream<Arguments> otherActions() {
        return Stream.of(
                Arguments.of("1d", 1, ReplyCommand.Action.DECLINE, null),
                Arguments.of("d", null, ReplyCommand.Action.DECLINE, null),
                Arguments.of("2r", 2, ReplyCommand.Action.EN_ROUTE, null),
                Arguments.of("2r 20", 2, ReplyCommand.Action.EN_ROUTE, 20),
                Arguments.of("r 5", null, ReplyCommand.Action.EN_ROUTE, 5),
                Arguments.of("3s", 3, ReplyCommand.Action.ON_SCENE, null),
                Arguments.of("S", null, ReplyCommand.Action.ON_SCENE, null),
                Arguments.of("4H", 4, ReplyCommand.Action.HANDED_OFF, null),
                Arguments.of("1x", 1, ReplyCommand.Action.PERSON_LEFT, null),
                Arguments.of("X", null, ReplyCommand.Action.PERSON_LEFT, null),
                Arguments.of("STOP", null, ReplyCommand.Action.STOP, null),
                Arguments.of("unsubscribe", null, ReplyCommand.Action.STOP, null),
                Arguments.of("Stop.", null, ReplyCommand.Action.STOP, null),
                Arguments.of("START", null, ReplyCommand.Action.START, null),
                Arguments.of("yes", null, ReplyCommand.Action.START, null),
                Arguments.of("help", null, ReplyCommand.Action.HELP, null),
                Arguments.of("INFO", null, ReplyCommand.Action.HELP, null));
    }

    @ParameterizedTest(name = "\"{0}\" -> code {1}, {2}, ETA {3}")
    @MethodSource("otherActions")
    void understandsDeclineProgressAndCarrierKeywords(
            String reply, Integer code, ReplyCommand.Action action, Integer eta) {
        assertThat(ReplyCommand.parse(reply)).contains(new ReplyCommand(code, action, eta));
    }

    @ParameterizedTest(name = "\"{0}\"")
    @NullAndEmptySource
    @ValueSource(
            strings = {
                "1z", // no such action
                "1x 5", // nor an ETA with "the person left"
                "hello",
                "1h 15", // an ETA only goes with a or r
                "1d 5",
                "1", // a code without an action
                "1a15x", // trailing junk
                "1a15", // an ETA needs a space before it
                "a15",
                "100a", // reply codes run 1..99, so three digits are refused
                "1a 1000", // an ETA has at most three digits
                "1a 15 min",
                "ok 1a",
                "1a, 15",
                "a1",
                "   "
            })
    void doesNotUnderstandAnythingElse(String reply) {
        assertThat(ReplyCommand.parse(reply)).isEmpty();
    }
}
