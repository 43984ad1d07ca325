// The bf16 GEMM: 8x48 register tiles of fp32 accumulators fed by `vdpbf16ps`, which
// multiplies 16 pairs of bf16 and adds each pair's sum into one fp32 lane.
// Blocking: B is packed KC x NC at a time (288 KB, in L2); one 8-row panel of A for that
// k-block (6 KB) stays in L1 while the micro-kernel walks the 48-column panels of B.

#include "CKernels.h"

#include <immintrin.h>
#include <string.h>

#define AIRS_TARGET __attribute__((target("avx512f,avx512bw,avx512vl,avx512bf16")))

enum { MR = 8, NR = 48, KC = 384, NC = 384 };

size_t airs_bf16_packed_a_count(int m, int k) {
    size_t panels = (size_t)(m + MR - 1) / MR, pairs = (size_t)(k + 1) / 2;
    return panels * pairs * MR * 2;
}

size_t airs_bf16_workspace_count(void) { return (size_t)KC * NC; }

uint16_t airs_bf16_round(float value) {
    uint32_t bits;
    memcpy(&bits, &value, sizeof bits);
    // Quiet the NaN rather than let rounding carry it into infinity.
    if ((bits & 0x7fffffffu) > 0x7f800000u) return (uint16_t)((bits >> 16) | 0x40u);
    bits += 0x7fffu + ((bits >> 16) & 1u);
    return (uint16_t)(bits >> 16);
}

// Layout: panel p (rows 8p..8p+7), k-pair q, row r, then the pair: packed[((p*pairs + q)*8 + r)*2 + e].
// 32 values of a row become 16 pairs in one conversion, scattered 8 pairs apart (the scalar
// loop cost 1.25 ns a value: 53 ms per ResNet101 forward).
AIRS_TARGET void airs_bf16_pack_a(int m, int k, const float *a, ptrdiff_t lda,
                                  const float *row_scale, uint16_t *packed) {
    int pairs = (k + 1) / 2, panels = (m + MR - 1) / MR;
    const __m512i stride = _mm512_mullo_epi32(_mm512_set_epi32(15, 14, 13, 12, 11, 10, 9, 8, 7, 6,
                                                                 5, 4, 3, 2, 1, 0),
                                              _mm512_set1_epi32(MR));
    for (int p = 0; p < panels; p++) {
        for (int r = 0; r < MR; r++) {
            int row = p * MR + r;
            int32_t *out = (int32_t *)(packed + ((size_t)p * pairs * MR + r) * 2);
            if (row >= m) {
                for (int q = 0; q < pairs; q++) out[(size_t)q * MR] = 0;
                continue;
            }
            const float *source = a + row * lda;
            __m512 factor = _mm512_set1_ps(row_scale ? row_scale[row] : 1.0f);
            for (int i = 0; i < k; i += 32) {
                int left = k - i;
                __mmask16 lo = left >= 16 ? 0xffff : (__mmask16)((1u << left) - 1);
                __mmask16 hi = left >= 32 ? 0xffff : left > 16 ? (__mmask16)((1u << (left - 16)) - 1) : 0;
                __m512 x0 = _mm512_mul_ps(_mm512_maskz_loadu_ps(lo, source + i), factor);
                __m512 x1 = _mm512_mul_ps(_mm512_maskz_loadu_ps(hi, source + i + 16), factor);
                __m512i both = (__m512i)_mm512_cvtne2ps_pbh(x1, x0);
                int count = (left + 1) / 2 < 16 ? (left + 1) / 2 : 16;
                __mmask16 keep = count >= 16 ? 0xffff : (__mmask16)((1u << count) - 1);
                _mm512_mask_i32scatter_epi32(out + (size_t)(i / 2) * MR, keep, stride, both, 4);
            }
        }
    }
}

// Rows `k0..k0+kc` and columns `n0..n0+nc` of B into 48-column panels of k-pairs:
// packed[((panel*pairs + q)*48 + j)*2 + e] = bf16(B[k0 + 2q + e][n0 + 48 panel + j]), zero
// outside B.
AIRS_TARGET static void pack_b(int kc, int nc, const float *b, ptrdiff_t rs, ptrdiff_t cs,
                               uint16_t *packed) {
    int pairs = (kc + 1) / 2;
    for (int panel = 0; panel * NR < nc; panel++) {
        int width = nc - panel * NR < NR ? nc - panel * NR : NR;
        const float *column = b + panel * NR * cs;
        uint16_t *out = packed + (size_t)panel * pairs * NR * 2;
        for (int q = 0; q < pairs; q++) {
            const float *row0 = column + 2 * q * rs;
            int has_second = 2 * q + 1 < kc;
            for (int v = 0; v < NR / 16; v++) {
                int valid = width - v * 16;
                __mmask16 mask = valid >= 16 ? 0xffff : valid > 0 ? (__mmask16)((1u << valid) - 1) : 0;
                __m512 x0, x1 = _mm512_setzero_ps();
                if (cs == 1) {
                    x0 = _mm512_maskz_loadu_ps(mask, row0 + v * 16);
                    if (has_second) x1 = _mm512_maskz_loadu_ps(mask, row0 + rs + v * 16);
                } else {
                    float t0[16] = {0}, t1[16] = {0};
                    for (int j = 0; j < valid && j < 16; j++) {
                        t0[j] = row0[(v * 16 + j) * cs];
                        if (has_second) t1[j] = row0[rs + (v * 16 + j) * cs];
                    }
                    x0 = _mm512_loadu_ps(t0);
                    x1 = _mm512_loadu_ps(t1);
                }
                __m512i lo = _mm512_cvtepu16_epi32((__m256i)_mm512_cvtneps_pbh(x0));
                __m512i hi = _mm512_cvtepu16_epi32((__m256i)_mm512_cvtneps_pbh(x1));
                _mm512_storeu_si512(out + ((size_t)q * NR + v * 16) * 2,
                                    _mm512_or_si512(lo, _mm512_slli_epi32(hi, 16)));
            }
        }
    }
}

// C[rows, cols] (= or +=) one 8 x 48 tile over `pairs` k-pairs.
AIRS_TARGET static void micro_kernel(int pairs, const uint16_t *a, const uint16_t *b, float *c,
                                     ptrdiff_t ldc, int rows, int cols, int accumulate) {
    __m512 acc[MR][3];
    for (int r = 0; r < MR; r++)
        for (int v = 0; v < 3; v++) acc[r][v] = _mm512_setzero_ps();
    for (int q = 0; q < pairs; q++) {
        __m512bh b0 = (__m512bh)_mm512_loadu_si512(b + q * NR * 2);
        __m512bh b1 = (__m512bh)_mm512_loadu_si512(b + q * NR * 2 + 32);
        __m512bh b2 = (__m512bh)_mm512_loadu_si512(b + q * NR * 2 + 64);
        const int32_t *pair = (const int32_t *)(a + q * MR * 2);
        for (int r = 0; r < MR; r++) {
            __m512bh x = (__m512bh)_mm512_set1_epi32(pair[r]);
            acc[r][0] = _mm512_dpbf16_ps(acc[r][0], x, b0);
            acc[r][1] = _mm512_dpbf16_ps(acc[r][1], x, b1);
            acc[r][2] = _mm512_dpbf16_ps(acc[r][2], x, b2);
        }
    }
    for (int v = 0; v < 3; v++) {
        int valid = cols - v * 16;
        if (valid <= 0) break;
        __mmask16 mask = valid >= 16 ? 0xffff : (__mmask16)((1u << valid) - 1);
        for (int r = 0; r < rows; r++) {
            float *target = c + r * ldc + v * 16;
            __m512 sum = acc[r][v];
            if (accumulate) sum = _mm512_add_ps(sum, _mm512_maskz_loadu_ps(mask, target));
            _mm512_mask_storeu_ps(target, mask, sum);
        }
    }
}

AIRS_TARGET void airs_bf16_gemm(int m, int n, int k, const uint16_t *packed_a, const float *b,
                                ptrdiff_t b_row_stride, ptrdiff_t b_col_stride, float *c,
                                ptrdiff_t ldc, uint16_t *workspace) {
    int all_pairs = (k + 1) / 2, panels = (m + MR - 1) / MR;
    if (k == 0) {
        for (int r = 0; r < m; r++) memset(c + r * ldc, 0, (size_t)n * sizeof(float));
        return;
    }
    for (int n0 = 0; n0 < n; n0 += NC) {
        int nc = n - n0 < NC ? n - n0 : NC;
        for (int k0 = 0; k0 < k; k0 += KC) {
            int kc = k - k0 < KC ? k - k0 : KC, pairs = (kc + 1) / 2;
            pack_b(kc, nc, b + k0 * b_row_stride + n0 * b_col_stride, b_row_stride, b_col_stride,
                   workspace);
            for (int p = 0; p < panels; p++) {
                const uint16_t *a = packed_a + ((size_t)p * all_pairs + k0 / 2) * MR * 2;
                int rows = m - p * MR < MR ? m - p * MR : MR;
                for (int j = 0; j * NR < nc; j++) {
                    int cols = nc - j * NR < NR ? nc - j * NR : NR;
                    micro_kernel(pairs, a, workspace + (size_t)j * pairs * NR * 2,
                                 c + p * MR * ldc + n0 + j * NR, ldc, rows, cols, k0 > 0);
                }
            }
        }
    }
}
