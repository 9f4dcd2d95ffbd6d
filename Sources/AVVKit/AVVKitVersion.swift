/// The version of avv, written into every manifest.
public enum AVVKitVersion {
    public static let current = "0.1.0"
}
