import TensorEngine

// Until the shell lands, `airs` runs a smoke check of the engine: a GEMM through OpenBLAS.
let a = try Tensor(shape: [2, 3], scalars: [1, 2, 3, 4, 5, 6])
let b = try a.transposed()
let product = try a.matmul(b)
print("AIRS tensor engine — OpenBLAS kernel \(BLAS.coreName)")
print("[[1,2,3],[4,5,6]] @ its transpose = \(product.scalars)")
