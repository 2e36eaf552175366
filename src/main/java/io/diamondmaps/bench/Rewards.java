package io.diamondmaps.bench;

import ai.djl.ndarray.NDManager;
import io.diamondmaps.model.neural.ImageClassifier;
import io.diamondmaps.reward.ClassifierReward;
import io.diamondmaps.reward.RewardFile;
import io.diamondmaps.reward.RewardTilt;

import java.io.IOException;
import java.nio.file.Path;

/** Reward files with the classifiers they name loaded onto a run's manager. */
public final class Rewards {
    private Rewards() {
    }

    public static RewardTilt read(Path file, NDManager manager) throws IOException {
        return RewardFile.read(file, (checkpoint, k) -> classifier(ImageClassifier.load(checkpoint, manager), k,
                checkpoint.toString()));
    }

    /** r(x) = log p(k | x) of a trained image classifier. */
    public static ClassifierReward classifier(ImageClassifier net, int k, String name) {
        if (k >= net.config().classes()) {
            throw new IllegalArgumentException("class " + k + " is out of range: " + name + " has "
                    + net.config().classes() + " classes");
        }
        return new ClassifierReward(net::logits, k, net.sampleShape().size(), name);
    }
}
