package io.diamondmaps.model;

/**
 * Counts the work of an inference run so that methods compare at equal compute: model calls and the rows they
 * processed, reward rows, and rows that went through a backward pass. Not thread-safe (one run, one counter).
 */
public final class EvaluationCounter {
    private long modelCalls;
    private long modelRows;
    private long rewardRows;
    private long gradientRows;

    public void model(long rows) {
        modelCalls++;
        modelRows += rows;
    }

    public void reward(long rows) {
        rewardRows += rows;
    }

    public void gradient(long rows) {
        gradientRows += rows;
    }

    public long modelCalls() {
        return modelCalls;
    }

    public long modelRows() {
        return modelRows;
    }

    public long rewardRows() {
        return rewardRows;
    }

    public long gradientRows() {
        return gradientRows;
    }

    /** Model evaluations per output sample (NFE): rows processed divided by the number of samples. */
    public double nfePerSample(long samples) {
        return (double) modelRows / samples;
    }
}
