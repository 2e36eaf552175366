package io.diamondmaps;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Every equation and section that main code cites resolves in the repository's own reference, {@code docs/math.md}
 * (issue 28): a comment that says "(6.3)" or "spec §6.4" is only useful if a reader of this repository can look the
 * number up, and a renumbered or invented citation should fail the build, not mislead.
 *
 * <p>What is scanned: every {@code <root>/*&#47;src/main/java} tree (so modules added later are covered) and the
 * {@code .properties} files under {@code <root>/*&#47;src/main/resources} (the CLI help texts). What counts as a
 * citation:
 * <ul>
 *   <li>in comments and javadoc only (so that a numeric argument such as {@code scale(1.5)} in code is not taken for
 *       one): an equation {@code (6.3)}, {@code (A.4)} or {@code (spec 6.5)}; a section {@code §6.4}, {@code §6},
 *       {@code §12.10}; an appendix block {@code B.6}; {@code App. C};</li>
 *   <li>anywhere, including string literals and help texts: what follows the word {@code spec}, e.g.
 *       {@code spec 1.15}, {@code spec §0.2}, {@code spec (6.9)}, {@code spec 6.4 and 7.7},
 *       {@code spec §6.3, B.6}.</li>
 * </ul>
 * An equation in parentheses must appear literally as "(6.3)" in the reference; a § section must be a heading
 * ({@code ## 6.}, {@code ### 6.4}, {@code ## Appendix A.}, {@code ### B.6}); a bare number after {@code spec} may be
 * either, since the code writes "spec 6.5" for both, and so may an appendix number in parentheses: "(A.4)" is an
 * equation, "(B.2)" a block of pseudo-code. Ranges such as {@code (4.6)–(4.7)}, {@code §4.1–§4.5} or
 * {@code spec 7.3–7.7} are checked at both ends and at every number between them within one chapter.
 *
 * <p>Limits, chosen to keep the scan simple: a comment that puts a plain decimal in parentheses, e.g. "(2.4)", is read
 * as an equation (decimals such as "0.14", "1.0" or "1.05" are not: no equation number starts with 0 on either side of
 * its dot); write such a number without parentheses. A § that follows "notes" or a {@code .md} file name cites that
 * other document and is skipped. Bare numbers without "spec", parentheses or § (e.g. "heuristic, 7.8") are not
 * citations.
 */
class MathReferenceTest {
    private static final Path REFERENCE = Path.of("docs", "math.md");

    /** A chapter (0 to 99 or an appendix letter) and an optional sub-number, e.g. 6, 6.4, 12.10, A.4, 6.3a. */
    private static final String NUMBER = "(?:[0-9]{1,2}|[A-Z])(?:\\.[0-9]{1,2}[a-z]?)?(?![0-9A-Za-z])";

    /** (6.3), (A.4), (spec 6.5): no 0 before or right after the dot, which marks a decimal, not an equation. */
    private static final Pattern EQUATION = Pattern.compile(
            "\\((spec\\s+)?((?:[1-9][0-9]?|[A-Z])\\.[1-9][0-9]?[a-z]?)\\)");

    private static final Pattern SECTION_MARK = Pattern.compile("§");

    /** B.6, A.4 standing alone in a comment (an appendix's block or equation). */
    private static final Pattern APPENDIX_ITEM = Pattern.compile(
            "(?<![\\w.§(/\\-])([A-Z]\\.[1-9][0-9]?)(?!\\.?[0-9A-Za-z])");

    private static final Pattern APPENDIX = Pattern.compile("\\bApp\\.\\s*([A-Z])\\b");

    private static final Pattern SPEC = Pattern.compile("\\bspec\\s+");

    /** One reference of a list: its opening parenthesis (an equation), its § (a section) and its number. */
    private static final Pattern REF = Pattern.compile("\\G(\\(?)(§?)\\s?(" + NUMBER + ")\\)?");

    private static final Pattern SEPARATOR = Pattern.compile("\\G\\s*(,|and|–|-)\\s*");

    /** "notes §1", "djl-stack.md} §8": a section of another document. */
    private static final Pattern OTHER_DOCUMENT = Pattern.compile("(notes|\\.md\\}?|\\.md\\)?)\\s*$");

    private static final Pattern HEADING = Pattern.compile(
            "^#{2,6}\\s+(?:Appendix\\s+)?((?:[0-9]{1,2}|[A-Z])(?:\\.[0-9]{1,2})?)(?=[.\\s]|$)");

    /** How a citation must resolve. */
    enum Kind {
        /** Literally "(n)" in the reference. */
        EQUATION,
        /** A heading numbered n. */
        SECTION,
        /** Either: "spec 6.5" names an equation or a section. */
        EITHER
    }

    /** One citation: what it names and where. */
    record Citation(Kind kind, String number, String where) {
        String describe() {
            return switch (kind) {
                case EQUATION -> "(" + number + ")";
                case SECTION -> "§" + number;
                case EITHER -> "spec " + number;
            };
        }
    }

    @Test
    void everyCitationInMainCodeResolvesInDocsMath() throws IOException {
        Path root = repositoryRoot();
        String reference = Files.readString(root.resolve(REFERENCE), StandardCharsets.UTF_8);
        Set<String> equations = equations(reference);
        Set<String> headings = headings(reference);

        List<Citation> citations = new ArrayList<>();
        for (Path file : sources(root)) {
            citations.addAll(citations(root.relativize(file).toString(), Files.readString(file, StandardCharsets.UTF_8),
                    file.toString().endsWith(".java")));
        }
        assertFalse(citations.isEmpty(), "no citation found under " + root + ": the scan is broken");

        List<String> missing = citations.stream()
                .filter(c -> !resolves(c, equations, headings))
                .map(c -> "  " + c.where() + "  " + c.describe())
                .toList();
        assertTrue(missing.isEmpty(), missing.size() + " citation(s) of " + citations.size()
                + " do not resolve in " + REFERENCE + " (add the equation or section there, or fix the number):\n"
                + String.join("\n", missing));
    }

    @Test
    void readsCitationsFromCommentsAndSpecReferencesOnly() {
        String source = """
                /** Value (6.3) and section §6.4, block B.6; see djl-stack notes §1. */
                double x = scale(1.5); // the gradient (6.4)–(6.6), decimal (0.14) and (1.0)
                String help = "uses spec 6.4 and 7.7 (spec §12.10), spec 3.6-3.8; (9.9) is code";
                /* spec App. C, §6–§7 */
                """;
        List<String> found = citations("F.java", source, true).stream()
                .map(c -> c.describe() + "@" + c.where().substring(c.where().indexOf(':') + 1))
                .toList();
        assertEquals(List.of("(6.3)@1", "§6.4@1", "spec B.6@1", "(6.4)@2", "(6.5)@2", "(6.6)@2", "spec 6.4@3",
                "spec 7.7@3", "§12.10@3", "spec 3.6@3", "spec 3.7@3", "spec 3.8@3", "§6@4", "§7@4", "§C@4"),
                found);
    }

    /** The directory above the working directory (a module, when Maven runs this) that holds the reference. */
    private static Path repositoryRoot() {
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            if (Files.isRegularFile(dir.resolve(REFERENCE))) {
                return dir;
            }
        }
        throw new AssertionError(REFERENCE + " not found above " + Path.of("").toAbsolutePath());
    }

    /** Main Java sources and resource .properties of every module, in a stable order. */
    private static List<Path> sources(Path root) throws IOException {
        List<Path> files = new ArrayList<>();
        try (Stream<Path> modules = Files.list(root)) {
            for (Path module : modules.filter(Files::isDirectory).sorted().toList()) {
                files.addAll(tree(module.resolve("src/main/java"), ".java"));
                files.addAll(tree(module.resolve("src/main/resources"), ".properties"));
            }
        }
        return files;
    }

    private static List<Path> tree(Path dir, String suffix) throws IOException {
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> walk = Files.walk(dir)) {
            return walk.filter(p -> Files.isRegularFile(p) && p.toString().endsWith(suffix)).sorted().toList();
        }
    }

    /** The citations of one file, in order and without repeats per line. */
    static List<Citation> citations(String name, String text, boolean java) {
        String[] lines = text.split("\r?\n", -1);
        String[] comments = java ? comments(text, lines.length) : lines;
        Set<Citation> found = new LinkedHashSet<>();
        for (int i = 0; i < lines.length; i++) {
            String where = name + ":" + (i + 1);
            fromComment(comments[i], where, found);
            fromSpecReferences(lines[i], where, found);
        }
        return List.copyOf(found);
    }

    private static void fromComment(String comment, String where, Set<Citation> found) {
        if (comment.isBlank()) {
            return;
        }
        Matcher m = EQUATION.matcher(comment);
        Citation previous = null;
        int previousEnd = -1;
        while (m.find()) {
            // "(spec 6.5)" may name a section; "(B.2)" names Appendix B's block B.2, a heading.
            boolean either = m.group(1) != null || Character.isLetter(m.group(2).charAt(0));
            Citation c = new Citation(either ? Kind.EITHER : Kind.EQUATION, m.group(2), where);
            if (previous != null && comment.substring(previousEnd, m.start()).matches("\\s*[–-]\\s*")) {
                between(previous, c, found);
            }
            found.add(c);
            previous = c;
            previousEnd = m.end();
        }
        Matcher s = SECTION_MARK.matcher(comment);
        while (s.find()) {
            if (!OTHER_DOCUMENT.matcher(comment.substring(0, s.start())).find()) {
                list(comment, s.start(), where, found);
            }
        }
        Matcher a = APPENDIX_ITEM.matcher(comment);
        while (a.find()) {
            found.add(new Citation(Kind.EITHER, a.group(1), where));
        }
        Matcher app = APPENDIX.matcher(comment);
        while (app.find()) {
            found.add(new Citation(Kind.SECTION, app.group(1), where));
        }
    }

    private static void fromSpecReferences(String line, String where, Set<Citation> found) {
        Matcher m = SPEC.matcher(line);
        while (m.find()) {
            Matcher app = APPENDIX.matcher(line).region(m.end(), line.length());
            if (app.lookingAt()) {
                found.add(new Citation(Kind.SECTION, app.group(1), where));
            } else {
                list(line, m.end(), where, found);
            }
        }
    }

    /**
     * Reads a list of references from {@code from}: "§6.3, B.6", "6.4 and 7.7", "7.3–7.7". After the first, a
     * reference must carry §, a parenthesis or a dot, so that "§6.4, 64 steps" does not cite a chapter 64.
     */
    private static void list(String text, int from, String where, Set<Citation> found) {
        Matcher ref = REF.matcher(text);
        Matcher separator = SEPARATOR.matcher(text);
        int position = from;
        Citation previous = null;
        boolean range = false;
        while (ref.find(position)) {
            boolean marked = !ref.group(1).isEmpty() || !ref.group(2).isEmpty() || ref.group(3).contains(".");
            if (previous != null && !marked) {
                break;
            }
            Kind kind = !ref.group(1).isEmpty() ? Kind.EQUATION : !ref.group(2).isEmpty() ? Kind.SECTION : Kind.EITHER;
            Citation c = new Citation(kind, ref.group(3), where);
            if (range) {
                between(previous, c, found);
            }
            found.add(c);
            previous = c;
            position = ref.end();
            if (position >= text.length() || !separator.find(position)) {
                break;
            }
            range = !separator.group(1).equals(",") && !separator.group(1).equals("and");
            position = separator.end();
        }
    }

    /** The numbers strictly between the two ends of a range within one chapter (at most 20), or none. */
    private static void between(Citation first, Citation last, Set<Citation> found) {
        String[] a = first.number().split("\\.");
        String[] b = last.number().split("\\.");
        Kind kind = first.kind() == last.kind() ? first.kind() : Kind.EITHER;
        if (a.length == 1 && b.length == 1 && a[0].matches("[0-9]+") && b[0].matches("[0-9]+")) {
            for (int n = Integer.parseInt(a[0]) + 1; n < Integer.parseInt(b[0]) && n < Integer.parseInt(a[0]) + 20;
                    n++) {
                found.add(new Citation(kind, Integer.toString(n), first.where()));
            }
        } else if (a.length == 2 && b.length == 2 && a[0].equals(b[0]) && a[1].matches("[0-9]+")
                && b[1].matches("[0-9]+")) {
            int lo = Integer.parseInt(a[1]);
            for (int n = lo + 1; n < Integer.parseInt(b[1]) && n < lo + 20; n++) {
                found.add(new Citation(kind, a[0] + "." + n, first.where()));
            }
        }
    }

    /**
     * The comment text of each line of a Java source, with code and string literals blanked: line and block comments
     * (javadoc included); strings, text blocks and character literals are skipped so that "//" or "/*" inside them
     * starts nothing.
     */
    private static String[] comments(String text, int lineCount) {
        StringBuilder[] out = new StringBuilder[lineCount];
        for (int i = 0; i < lineCount; i++) {
            out[i] = new StringBuilder();
        }
        int line = 0;
        int i = 0;
        int n = text.length();
        while (i < n) {
            char c = text.charAt(i);
            if (c == '\n') {
                line++;
                i++;
            } else if (text.startsWith("//", i)) {
                int end = text.indexOf('\n', i);
                end = end < 0 ? n : end;
                out[line].append(text, i + 2, end);
                i = end;
            } else if (text.startsWith("/*", i)) {
                int end = text.indexOf("*/", i + 2);
                end = end < 0 ? n : end;
                for (int j = i + 2; j < end; j++) {
                    char d = text.charAt(j);
                    if (d == '\n') {
                        line++;
                    } else {
                        out[line].append(d);
                    }
                }
                i = Math.min(n, end + 2);
            } else if (text.startsWith("\"\"\"", i)) {
                int end = text.indexOf("\"\"\"", i + 3);
                end = end < 0 ? n : end;
                line += (int) text.substring(i, end).chars().filter(ch -> ch == '\n').count();
                i = Math.min(n, end + 3);
            } else if (c == '"' || c == '\'') {
                int j = i + 1;
                while (j < n && text.charAt(j) != c && text.charAt(j) != '\n') {
                    j += text.charAt(j) == '\\' ? 2 : 1;
                }
                i = Math.min(n, j + 1);
            } else {
                i++;
            }
        }
        String[] result = new String[lineCount];
        for (int k = 0; k < lineCount; k++) {
            result[k] = out[k].toString();
        }
        return result;
    }

    private static Set<String> equations(String reference) {
        Matcher m = Pattern.compile("\\(((?:[0-9]{1,2}|[A-Z])\\.[0-9]{1,2}[a-z]?)\\)").matcher(reference);
        Set<String> numbers = new TreeSet<>();
        while (m.find()) {
            numbers.add(m.group(1));
        }
        return numbers;
    }

    private static Set<String> headings(String reference) {
        return reference.lines()
                .map(HEADING::matcher)
                .filter(Matcher::find)
                .map(m -> m.group(1))
                .collect(Collectors.toCollection(TreeSet::new));
    }

    private static boolean resolves(Citation c, Set<String> equations, Set<String> headings) {
        return switch (c.kind()) {
            case EQUATION -> equations.contains(c.number());
            case SECTION -> headings.contains(c.number());
            case EITHER -> equations.contains(c.number()) || headings.contains(c.number());
        };
    }
}
