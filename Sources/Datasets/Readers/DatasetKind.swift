/// The four benchmarks upstream reads, with their directory names and naming rules
/// (`spec/data.md` §1, AIR-Distiller `dataloader/datasets/*.py`).
public enum DatasetKind: String, CaseIterable, Sendable {
    /// CUB-200-2011 birds: `train/` (classes 1–100) and `test/` (query = gallery).
    case cub200 = "CUB200"
    /// Stanford Online Products: `train/` and `test/` (query = gallery), files `*.JPG`.
    case sop = "SOP"
    /// In-Shop Clothes: `train/`, `query/`, `gallery/`.
    case inShop = "InShop"
    /// MSMT17 person re-identification: `train/`, `query/`, `gallery/`.
    case msmt17 = "MSMT17"

    /// The dataset's folder under `DATASETS.ROOT_DIR`.
    public var directoryName: String {
        switch self {
        case .cub200: return "CUB_200_2011"
        case .sop: return "Stanford_Online_Products"
        case .inShop: return "InShop"
        case .msmt17: return "MSMT17"
        }
    }

    /// The kind whose config name (`DATASETS.NAMES`) is `name`, or an error listing the names.
    public static func named(_ name: String) throws -> DatasetKind {
        guard let kind = DatasetKind(rawValue: name) else {
            throw DatasetError.unknownDataset(name: name, known: allCases.map(\.rawValue))
        }
        return kind
    }

    /// Whether query and gallery are both the `test/` folder.
    var sharesTestSplit: Bool { self == .cub200 || self == .sop }

    /// The image file extension (case-sensitive, as upstream's glob on Linux).
    var fileExtension: String { self == .sop ? "JPG" : "jpg" }

    var pattern: FileNamePattern {
        switch self {
        case .cub200, .sop: return .classAndIndex
        case .inShop: return .itemPrefix
        case .msmt17: return .identityAndCamera
        }
    }

    /// Split folder names: train, query, gallery.
    var splitDirectories: (train: String, query: String, gallery: String) {
        sharesTestSplit ? ("train", "test", "test") : ("train", "query", "gallery")
    }

    /// The expected layout, shown in errors.
    public var expectedLayout: String {
        let d = directoryName
        let e = fileExtension
        switch self {
        case .cub200:
            return "  <ROOT_DIR>/\(d)/train/<class>_<image index>.\(e)   e.g. 001_00000.\(e)\n"
                + "  <ROOT_DIR>/\(d)/test/<class>_<image index>.\(e)    (query = gallery = test)"
        case .sop:
            return "  <ROOT_DIR>/\(d)/train/<class>_<image id>.\(e)   e.g. 1_1.\(e) (class ids from 1)\n"
                + "  <ROOT_DIR>/\(d)/test/<class>_<image id>.\(e)    (query = gallery = test)"
        case .inShop:
            return "  <ROOT_DIR>/\(d)/{train,query,gallery}/<item id>_<anything>.\(e)   e.g. 1_0.\(e) (item ids from 1)"
        case .msmt17:
            return
                "  <ROOT_DIR>/\(d)/{train,query,gallery}/<person id>_c<camera>_<anything>.\(e)   e.g. 0000_c1_0001.\(e)"
        }
    }

    /// (pid, camid) of a file name, nil for a junk image that upstream drops, or a thrown
    /// error for a name that does not parse. `isGallery` matters only for In-Shop.
    func identify(fileName: String, path: String, isGallery: Bool) throws -> (pid: Int, camid: Int)? {
        guard let parsed = pattern.parse(fileName) else {
            throw DatasetError.unparseableFileName(path: path, pattern: pattern.display, expectedLayout: expectedLayout)
        }
        switch self {
        case .cub200:
            return (parsed.first, parsed.second ?? 0)
        case .sop:
            // Upstream subtracts one from the image id twice; only uniqueness matters.
            guard parsed.first >= 1 else {
                throw DatasetError.unparseableFileName(
                    path: path, pattern: pattern.display + " with class id >= 1",
                    expectedLayout: expectedLayout)
            }
            return (parsed.first - 1, (parsed.second ?? 0) - 2)
        case .inShop:
            return (parsed.first - 1, isGallery ? 1 : 0)
        case .msmt17:
            return parsed.first == -1 ? nil : (parsed.first, parsed.second ?? 0)
        }
    }
}
