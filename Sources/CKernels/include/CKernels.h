#ifndef AIRS_CKERNELS_H
#define AIRS_CKERNELS_H

#include <stddef.h>
#include <stdint.h>

/// bf16 matrix products with fp32 accumulation on AVX512-BF16 (`vdpbf16ps`).
/// `A [m, k]` is packed once into 8-row panels of k-pairs (`airs_bf16_pack_a`); `B [k, n]`
/// is read as fp32 and rounded to bf16 block by block inside `airs_bf16_gemm`.
/// Callers must check the CPU first: every function but the two size helpers and the
/// scalar rounding runs AVX-512 instructions.

/// Elements (`uint16_t`) of a packed `A [m, k]`: m rounded up to 8, k up to even.
size_t airs_bf16_packed_a_count(int m, int k);

/// Elements (`uint16_t`) of the workspace `airs_bf16_gemm` needs for any `n`.
size_t airs_bf16_workspace_count(void);

/// Round-to-nearest-even of an fp32 value to bf16 (the CPU's `vcvtneps2bf16` on normal
/// numbers and zero; NaN stays NaN).
uint16_t airs_bf16_round(float value);

/// Packs `A` (row `r` at `a + r * lda`), each row times `row_scale[r]` in fp32 first when
/// `row_scale` is not NULL, into `packed` (`airs_bf16_packed_a_count(m, k)` elements).
void airs_bf16_pack_a(int m, int k, const float *a, ptrdiff_t lda, const float *row_scale,
                      uint16_t *packed);

/// `C [m, n] = A · B` with `B[i][j] = b[i * b_row_stride + j * b_col_stride]`, fp32 accumulation
/// over bf16 products; `C` rows `ldc` apart are overwritten. `workspace` holds
/// `airs_bf16_workspace_count()` elements. Single-threaded.
void airs_bf16_gemm(int m, int n, int k, const uint16_t *packed_a, const float *b,
                    ptrdiff_t b_row_stride, ptrdiff_t b_col_stride, float *c, ptrdiff_t ldc,
                    uint16_t *workspace);

#endif
