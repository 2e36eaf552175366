package io.diamondmaps.bench;

import ai.djl.ndarray.NDManager;
import io.diamondmaps.model.neural.ImageClassifier;
import io.diamondmaps.reward.ClassifierReward;
import io.diamondmaps.reward.Reward;
import io.diamondmaps.reward.RewardFile;
import io.diamondmaps.reward.RewardTilt;
import io.diamondmaps.reward.TorchScriptReward;

import java.io.IOException;
import java.nio.file.Path;

/** Reward files with the networks they name (classifiers, TorchScript modules) loaded onto a run's manager. */
public final class Rewards {
    private Rewards() {
    }

    public static RewardTilt read(Path file, NDManager manager) throws IOException {
        return RewardFile.read(file, new RewardFile.NetworkLoader() {
            @Override
            public Reward classifier(Path checkpoint, int k) throws IOException {
                return Rewards.classifier(ImageClassifier.load(checkpoint, manager), k, checkpoint.toString());
            }

            @Override
            public Reward torchscript(Path module) {
                return TorchScriptReward.load(module, manager);
            }
        });
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
