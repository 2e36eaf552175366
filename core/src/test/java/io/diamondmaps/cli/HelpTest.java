package io.diamondmaps.cli;

import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.ResourceBundle;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** Every option of every command explains itself, and Help.properties holds no description of an option that is gone. */
class HelpTest {
    @Test
    void everyOptionHasADescriptionAndEveryHelpKeyAnOption() {
        List<String> undescribed = new ArrayList<>();
        Set<String> keys = new HashSet<>();
        walk(new CommandLine(new Main()), undescribed, keys);
        assertEquals(List.of(), undescribed);
        Set<String> stale = new HashSet<>(ResourceBundle.getBundle("io.diamondmaps.cli.Help").keySet());
        stale.removeAll(keys);
        assertEquals(Set.of(), stale);
    }

    private static void walk(CommandLine cli, List<String> undescribed, Set<String> keys) {
        CommandSpec spec = cli.getCommandSpec();
        for (OptionSpec option : spec.options()) {
            if (String.join("", option.description()).isBlank()) {
                undescribed.add(spec.qualifiedName() + " " + option.longestName());
            }
            keys.add(spec.qualifiedName(".") + "." + option.longestName().replaceFirst("^-+", ""));
        }
        cli.getSubcommands().values().forEach(sub -> walk(sub, undescribed, keys));
    }
}
