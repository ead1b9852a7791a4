/// The release of Loom this library is: what `loom --version` prints and `loom_version()` returns.
public enum LoomRelease {
    /// The release, as `major.minor.patch`.
    public static let version = "0.1.0"
}
