import Foundation
import NeuralNetwork

/// A network's learnable scalars with and without its classifier, the one count every report
/// prints (a model's repr, `summary`, the training log), each figure labelled with what it
/// includes: the classifier depends on the dataset's class count, upstream's "base
/// parameters" leave it out.
public struct ParameterCounts: Equatable, Sendable, CustomStringConvertible {
    /// Every learnable scalar, classifier included.
    public let total: Int
    /// Scalars of parameters whose name does not contain `classifier` (upstream's "base
    /// parameters").
    public let withoutClassifier: Int

    /// Counts the parameters of `module`.
    public init(_ module: any Module) {
        let named = module.namedParameters()
        total = named.reduce(0) { $0 + $1.parameter.value.count }
        withoutClassifier = named.filter { !$0.name.contains("classifier") }.reduce(0) {
            $0 + $1.parameter.value.count
        }
    }

    /// `11.446 M parameters, 11.441 M without the classifier`.
    public var description: String {
        "\(Self.millions(total)) M parameters, "
            + "\(Self.millions(withoutClassifier)) M without the classifier"
    }

    /// A count in millions with three decimals, as upstream prints parameter counts.
    public static func millions(_ count: Int) -> String {
        String(format: "%.3f", Double(count) / 1e6)
    }
}
