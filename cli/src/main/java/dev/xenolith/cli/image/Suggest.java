package dev.xenolith.cli.image;

import java.util.Collection;
import java.util.Locale;
import java.util.TreeSet;

/**
 * "Did you mean" for a misspelt name: the known name closest in optimal-string-alignment distance
 * (Levenshtein plus adjacent transpositions, so {@code shceduler} is one edit from {@code scheduler}),
 * ignoring case, within about a third of the typo's length. A known name that starts with the typo also
 * counts, for abbreviations such as {@code cpu-freq}. Ties go to the alphabetically first name, so the
 * suggestion never depends on the order a catalog returns its names in.
 */
final class Suggest {
    private Suggest() {
    }

    /** {@code " (did you mean 'x'?)"}, or an empty string when nothing is close. */
    static String didYouMean(String typo, Collection<String> known) {
        String best = closest(typo, known);
        return best == null ? "" : " (did you mean '" + best + "'?)";
    }

    /** The closest known name, or {@code null}. */
    static String closest(String typo, Collection<String> known) {
        String lowerTypo = typo.toLowerCase(Locale.ROOT);
        int limit = Math.max(1, Math.min(3, (typo.length() + 1) / 3));
        String best = null;
        int bestDistance = Integer.MAX_VALUE;
        for (String candidate : new TreeSet<>(known)) {
            String lower = candidate.toLowerCase(Locale.ROOT);
            int distance = distance(lowerTypo, lower);
            if (distance > limit && !(lowerTypo.length() >= 3 && lower.startsWith(lowerTypo))) {
                continue;
            }
            if (distance < bestDistance) {
                best = candidate;
                bestDistance = distance;
            }
        }
        return best;
    }

    /** Optimal string alignment distance: insertions, deletions, substitutions, adjacent swaps. */
    static int distance(String a, String b) {
        int[][] d = new int[a.length() + 1][b.length() + 1];
        for (int i = 0; i <= a.length(); i++) {
            d[i][0] = i;
        }
        for (int j = 0; j <= b.length(); j++) {
            d[0][j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            for (int j = 1; j <= b.length(); j++) {
                int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
                int best = Math.min(Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1), d[i - 1][j - 1] + cost);
                if (i > 1 && j > 1 && a.charAt(i - 1) == b.charAt(j - 2) && a.charAt(i - 2) == b.charAt(j - 1)) {
                    best = Math.min(best, d[i - 2][j - 2] + 1);
                }
                d[i][j] = best;
            }
        }
        return d[a.length()][b.length()];
    }

    /** {@code a, b or c}, in the collection's order (callers sort names that come from a catalog). */
    static String list(Collection<String> names) {
        StringBuilder text = new StringBuilder();
        int left = names.size();
        for (String name : names) {
            if (text.length() > 0) {
                text.append(left == 1 ? " or " : ", ");
            }
            text.append(name);
            left--;
        }
        return text.toString();
    }
}
