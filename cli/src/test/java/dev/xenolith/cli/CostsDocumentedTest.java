package dev.xenolith.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.xenolith.machine.cost.CostKey;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** docs/costs.md must list every cost an image can override, with its real default. */
final class CostsDocumentedTest {
    @Test
    void everyCostIsDocumentedWithItsDefault() throws Exception {
        String doc = Files.readString(Path.of("..", "docs", "costs.md"));
        for (CostKey key : XenolithCatalog.allCosts()) {
            assertThat(doc).as("docs/costs.md row for %s", key.costName())
                    .contains("| `" + key.costName() + "` | " + key.defaultCycles() + " |");
        }
    }
}
