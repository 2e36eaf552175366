package io.diamondmaps.cli;

import ai.djl.Device;
import ai.djl.ndarray.NDManager;
import io.diamondmaps.util.Devices;
import picocli.CommandLine.Option;

/** {@code --device}: where a command's models and tensors live. */
final class DeviceOptions {
    @Option(names = "--device", paramLabel = "DEVICE",
            description = "Where models and tensors live: " + Devices.NAMES + ". Default: the engine's default device "
                    + "(the first GPU when the PyTorch engine has a CUDA build and a GPU, else the CPU).")
    String device;

    /** The chosen device, checked against the engine. */
    Device device() {
        return Devices.named(device);
    }

    /** A new base manager on the chosen device; the caller closes it. */
    NDManager newManager() {
        return NDManager.newBaseManager(device());
    }
}
