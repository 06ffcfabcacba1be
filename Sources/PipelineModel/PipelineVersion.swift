/// The runner's version, part of every cache key and run record.
public enum PipelineVersion {
    public static let current = "0.1.0"
}
