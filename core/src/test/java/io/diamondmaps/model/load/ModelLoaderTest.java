package io.diamondmaps.model.load;

import org.junit.jupiter.api.Test;

import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

class ModelLoaderTest {
    @Test
    void theDiamondPrefixNamesOneCheckpointForEveryComponent() {
        assertNull(ModelLoader.diamondFile("glass", "exact"));
        assertEquals(Path.of("d.ckpt"), ModelLoader.diamondFile("glass", "diamond:d.ckpt"));
        assertEquals(Path.of("d.ckpt"), ModelLoader.diamondFile("diamond:d.ckpt", "diamond:d.ckpt"));
        assertThrows(IllegalArgumentException.class, () -> ModelLoader.diamondFile("diamond:a.ckpt", "diamond:b.ckpt"));
    }
}
