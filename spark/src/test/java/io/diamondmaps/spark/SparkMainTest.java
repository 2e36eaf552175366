package io.diamondmaps.spark;

import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import picocli.CommandLine.Model.OptionSpec;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** Every option of 'diamond spark' explains itself (descriptions live in Help.properties). */
class SparkMainTest {
    @Test
    void everyOptionOfEverySubcommandHasADescription() {
        List<String> undescribed = new CommandLine(new SparkMain()).getSubcommands().values().stream()
                .flatMap(sub -> sub.getCommandSpec().options().stream())
                .filter(option -> String.join("", option.description()).isBlank())
                .map(OptionSpec::longestName).toList();
        assertEquals(List.of(), undescribed);
    }
}
