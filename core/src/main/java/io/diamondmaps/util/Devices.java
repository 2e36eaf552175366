package io.diamondmaps.util;

import ai.djl.Device;
import ai.djl.engine.Engine;
import ai.djl.engine.StandardCapabilities;

/** Devices by name, checked against what the engine can use. */
public final class Devices {
    /** The names {@link #named} accepts, for help texts. */
    public static final String NAMES = "cpu, gpu (the first GPU) or gpu:N";

    private Devices() {
    }

    /**
     * The device called {@code name} ({@value #NAMES}), or the engine's default device (a GPU when the engine has one)
     * when {@code name} is null. Asking for a GPU that the engine cannot use is an error that says why.
     */
    public static Device named(String name) {
        Engine engine = Engine.getInstance();
        if (name == null) {
            return engine.defaultDevice();
        }
        Device device;
        if (name.equals("cpu")) {
            device = Device.cpu();
        } else if (name.equals("gpu")) {
            device = Device.gpu();
        } else if (name.matches("gpu:[0-9]+")) {
            device = Device.gpu(Integer.parseInt(name.substring(4)));
        } else {
            throw new IllegalArgumentException("unknown device '" + name + "' (expected " + NAMES + ")");
        }
        if (device.isGpu()) {
            if (!engine.hasCapability(StandardCapabilities.CUDA)) {
                throw new IllegalArgumentException("device " + name + ": the " + engine.getEngineName() + " engine "
                        + "runs a CPU build of its native library (" + engine.getVersion() + "); install a CUDA build "
                        + "as docs/gpu.md says");
            }
            int count = engine.getGpuCount();
            if (device.getDeviceId() >= count) {
                throw new IllegalArgumentException("device " + name + ": the engine sees " + count + " GPU"
                        + (count == 1 ? "" : "s"));
            }
        }
        return device;
    }
}
