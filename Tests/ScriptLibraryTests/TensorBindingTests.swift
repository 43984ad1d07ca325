import ScriptLanguage
import Testing

@testable import ScriptLibrary

@Suite struct TensorBindingTests {
    @Test func creationAndAttributes() {
        let h = ScriptHarness()
        #expect(h.show("tensor([[1, 2], [3, 4]]).shape") == "[2, 2]")
        #expect(h.show("zeros([2, 3]).count") == "6")
        #expect(h.show("ones([4], dtype: \"float64\").dtype") == "float64")
        #expect(h.show("arange(5).sum()") == "10")
        #expect(h.show("eye(3).sum()") == "3")
        #expect(h.show("full([2, 2], 7).mean()") == "7")
        #expect(h.show("tensor([[1, 2, 3]]).T.shape") == "[3, 1]")
        #expect(h.show("tensor([[1, 2], [3, 4]]).rank") == "2")
    }

    @Test func printingShowsValuesShapeAndDtype() {
        let h = ScriptHarness()
        #expect(h.show("tensor([[1, 2], [3, 4]])") == "tensor([[1., 2.],\n        [3., 4.]], shape [2, 2], float32)")
        let big = h.show("randn([100, 20], seed: 1)")
        #expect(big.contains("shape [100, 20], float32"))
        #expect(big.contains("mean") && big.contains("std") && big.contains("min") && big.contains("max"))
    }

    @Test func operatorsBroadcastAndCompare() {
        let h = ScriptHarness()
        #expect(h.show("(tensor([1, 2, 3]) + 1).tolist()") == "[2, 3, 4]")
        #expect(h.show("(10 - tensor([1, 2])).tolist()") == "[9, 8]")
        #expect(h.show("(tensor([[1], [2]]) * tensor([1, 10])).tolist()") == "[[1, 10], [2, 20]]")
        #expect(h.show("(tensor([2, 4]) / 2).tolist()") == "[1, 2]")
        #expect(h.show("(tensor([2, 3]) ** 2).tolist()") == "[4, 9]")
        #expect(h.show("(eye(2) @ tensor([[1, 2], [3, 4]])).tolist()") == "[[1, 2], [3, 4]]")
        #expect(h.show("(tensor([1, 5, 3]) > 2).tolist()") == "[0, 1, 1]")
        #expect(h.show("(tensor([1, 5, 3]) <= 3).tolist()") == "[1, 0, 1]")
        #expect(h.show("(-tensor([1, -2])).tolist()") == "[-1, 2]")
    }

    @Test func indexingAndSlicing() {
        let h = ScriptHarness()
        h.run("t = arange(12).reshape(3, 4)")
        #expect(h.show("t[0, 1:3].tolist()") == "[1, 2]")
        #expect(h.show("t[-1].tolist()") == "[8, 9, 10, 11]")
        #expect(h.show("t[1, -1]") == "7")
        #expect(h.show("t[::2, ::3].tolist()") == "[[0, 3], [8, 11]]")
        #expect(h.show("t[:, 1].tolist()") == "[1, 5, 9]")
        #expect(h.show("len(t)") == "3")
        #expect(h.show("t[3]").hasPrefix("error[index]"))
        #expect(h.show("t[0, 0, 0]").hasPrefix("error[index]: too many indices"))
    }

    @Test func reductionsAndMethods() {
        let h = ScriptHarness()
        h.run("t = tensor([[1, 5], [3, 2]])")
        #expect(h.show("t.sum(axis: 0).tolist()") == "[4, 7]")
        #expect(h.show("t.mean(axis: -1).tolist()") == "[3, 2.5]")
        #expect(h.show("t.max()") == "5")
        #expect(h.show("t.min(axis: 1).tolist()") == "[1, 2]")
        #expect(h.show("t.argmax()") == "1")
        #expect(h.show("t.argmax(axis: 1)") == "[1, 0]")
        #expect(h.show("t.transpose().tolist()") == "[[1, 3], [5, 2]]")
        #expect(h.show("t.reshape([4]).tolist()") == "[1, 5, 3, 2]")
        #expect(h.show("tensor([3]).item()") == "3")
        #expect(h.show("t.sum(axis: 2)").hasPrefix("error[value]: sum: axis 2 is out of range"))
    }

    @Test func functions() {
        let h = ScriptHarness()
        #expect(h.show("softmax(tensor([0, 0])).tolist()") == "[0.5, 0.5]")
        #expect(h.show("relu(tensor([-1, 2])).tolist()") == "[0, 2]")
        #expect(h.show("exp(tensor([0])).item()") == "1")
        #expect(h.show("sqrt(tensor([4, 9])).tolist()") == "[2, 3]")
        #expect(h.show("abs(tensor([-3])).item()") == "3")
        #expect(h.show("abs(-3)") == "3")
        #expect(h.show("sqrt(2) == 2 ** 0.5") == "true")
        #expect(h.show("exp(0)") == "1")
        #expect(h.show("concat([ones([1, 2]), zeros([2, 2])]).shape") == "[3, 2]")
        #expect(h.show("stack([ones([2]), zeros([2])], axis: 1).shape") == "[2, 2]")
        #expect(h.show("topk(tensor([1, 9, 5]), 2)[1].tolist()") == "[1, 2]")
        #expect(h.show("sort(tensor([3, 1, 2]))[0].tolist()") == "[1, 2, 3]")
        #expect(h.show("cosine_similarity(eye(2), eye(2)).tolist()") == "[[1, 0], [0, 1]]")
        #expect(h.show("normalize(tensor([[3, 4]], dtype: \"float64\")).tolist()") == "[[0.6, 0.8]]")
        #expect(h.show("randn([3], seed: 7).tolist() == randn([3], seed: 7).tolist()") == "true")
        #expect(h.show("rand([100], seed: 2).max() < 1") == "true")
    }

    @Test func badInputIsADiagnostic() {
        let h = ScriptHarness()
        #expect(h.show("tensor([[1, 2], [3]])").hasPrefix("error[value]: tensor's 'data' is ragged"))
        #expect(h.show("tensor(\"x\")").hasPrefix("error[type]"))
        #expect(h.show("zeros([2, -1])").hasPrefix("error[value]"))
        #expect(h.show("ones([2, 3]) + ones([4])").hasPrefix("error[host]"))
        #expect(h.show("matmul(ones([2, 3]), ones([2, 3]))").hasPrefix("error[host]"))
        #expect(h.show("ones([2], dtype: \"int8\")").contains("unknown dtype 'int8'"))
        #expect(h.show("topk(ones([3]), 5)").hasPrefix("error[value]: topk: k must be"))
    }
}
