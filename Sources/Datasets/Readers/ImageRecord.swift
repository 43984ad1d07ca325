/// One image of a split: where it is and whom it shows.
public struct ImageRecord: Sendable, Equatable, Hashable {
    /// Absolute (or list-file-relative, resolved) path of the image file.
    public var path: String
    /// Identity: the remapped train label (0..<numClasses) in the train split, the raw parsed
    /// id in query and gallery.
    public var pid: Int
    /// Camera id; on CUB and SOP a per-image index, so evaluation drops only the query itself.
    public var camid: Int

    /// A record with the given fields.
    public init(path: String, pid: Int, camid: Int) {
        self.path = path
        self.pid = pid
        self.camid = camid
    }

    /// The file name without its directory.
    public var fileName: String { path.split(separator: "/").last.map(String.init) ?? path }
}
