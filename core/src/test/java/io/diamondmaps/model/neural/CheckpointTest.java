package io.diamondmaps.model.neural;

import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Architecture metadata: a configuration record and its network type, read back strictly. */
class CheckpointTest {
    @Test
    void everyArchitectureRecordRoundTripsWithItsType() {
        MapMlp.Config mlp = new MapMlp.Config(2, 256, 3);
        UNet.Config unet = new UNet.Config(1, 28, 28, 16, 8, 32);
        ImageClassifier.Config classifier = ImageClassifier.Config.fashionMnist();
        ObjectNode arch = Checkpoint.architecture("map-mlp", mlp);
        assertEquals("map-mlp", arch.path("type").asText());
        // The keys are the record's components: the names every committed checkpoint was written with.
        assertEquals(256, arch.path("width").asInt());
        assertEquals(mlp, Checkpoint.configuration(arch, MapMlp.Config.class));
        assertEquals(unet, Checkpoint.configuration(Checkpoint.architecture("unet", unet), UNet.Config.class));
        assertEquals(classifier, Checkpoint.configuration(Checkpoint.architecture("image-classifier", classifier),
                ImageClassifier.Config.class));
    }

    @Test
    void aMissingOrRefusedComponentIsNamed() {
        ObjectNode arch = Checkpoint.architecture("map-mlp", new MapMlp.Config(2, 256, 3));
        arch.remove("width");
        IllegalArgumentException missing = assertThrows(IllegalArgumentException.class,
                () -> Checkpoint.configuration(arch, MapMlp.Config.class));
        assertTrue(missing.getMessage().contains("'width'") && missing.getMessage().contains("MapMlp"),
                missing.getMessage());
        arch.put("width", 0);
        IllegalArgumentException refused = assertThrows(IllegalArgumentException.class,
                () -> Checkpoint.configuration(arch, MapMlp.Config.class));
        assertTrue(refused.getMessage().startsWith("invalid MLP size"), refused.getMessage());
    }
}
