package io.diamondmaps.cli;

import ai.djl.ndarray.NDManager;
import io.diamondmaps.model.neural.ImageClassifier;
import io.diamondmaps.reward.ClassifierReward;
import io.diamondmaps.reward.RewardFile;
import io.diamondmaps.reward.RewardTilt;

import java.io.IOException;
import java.nio.file.Path;

/** Reward files as the CLI reads them: with the classifiers they name loaded onto the command's manager. */
final class Rewards {
    private Rewards() {
    }

    static RewardTilt read(Path file, NDManager manager) throws IOException {
        return RewardFile.read(file, (checkpoint, k) -> classifier(ImageClassifier.load(checkpoint, manager), k,
                checkpoint.toString()));
    }

    /** r(x) = log p(k | x) of a trained image classifier. */
    static ClassifierReward classifier(ImageClassifier net, int k, String name) {
        if (k >= net.config().classes()) {
            throw new IllegalArgumentException("class " + k + " is out of range: " + name + " has "
                    + net.config().classes() + " classes");
        }
        return new ClassifierReward(net::logits, k, net.sampleShape().size(), name);
    }
}
