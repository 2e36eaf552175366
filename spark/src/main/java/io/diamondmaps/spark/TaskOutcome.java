package io.diamondmaps.spark;

import java.io.Serializable;

/**
 * What one task did, as the job's summary lists it.
 *
 * @param id the task's id
 * @param error the error message of a failed task, null for one that finished
 * @param samples samples written (0 for a failed task)
 * @param wallSeconds the task's time, from start to the written output or the error
 * @param modelPerSample model evaluations per sample (NaN for a failed task)
 * @param warning the run's reliability warning when its samples cannot be trusted ({@code align.Reliability}), else
 *     null
 */
record TaskOutcome(String id, String error, long samples, double wallSeconds, double modelPerSample, String warning)
        implements Serializable {
    boolean ok() {
        return error == null;
    }
}
