// The vertical pass of Pillow's 8-bit resampler over interleaved rows. Swift compiles for
// baseline x86-64 (SSE2, no 32-bit vector multiply); this loop gets an AVX2 clone chosen at
// load time. Its Swift twin is Resampler's reference implementation, compared in the tests.
#include "CCodecGuard.h"

#if defined(__x86_64__) && defined(__clang__) && defined(__linux__)
#define AIRS_CLONES __attribute__((target_clones("avx2", "default")))
#else
#define AIRS_CLONES
#endif

AIRS_CLONES
void airs_resample_rows(const unsigned char *source, int row_length, unsigned char *target, int output_rows,
                        const int *first, const int *count, const int *weights, int taps, int *accumulator) {
    const int half = 1 << 21;
    for (int y = 0; y < output_rows; y++) {
        for (int i = 0; i < row_length; i++) accumulator[i] = half;
        for (int t = 0; t < count[y]; t++) {
            const int weight = weights[y * taps + t];
            const unsigned char *row = source + (long)(first[y] + t) * row_length;
            for (int i = 0; i < row_length; i++) accumulator[i] += (int)row[i] * weight;
        }
        unsigned char *out = target + (long)y * row_length;
        for (int i = 0; i < row_length; i++) {
            int v = accumulator[i] >> 22;
            out[i] = (unsigned char)(accumulator[i] < 0 ? 0 : (v > 255 ? 255 : v));
        }
    }
}

static void transpose_rgb(const unsigned char *source, int width, int height, unsigned char *target) {
    enum { tile = 16 };
    for (int y0 = 0; y0 < height; y0 += tile) {
        int y1 = y0 + tile < height ? y0 + tile : height;
        for (int x0 = 0; x0 < width; x0 += tile) {
            int x1 = x0 + tile < width ? x0 + tile : width;
            for (int x = x0; x < x1; x++) {
                unsigned char *d = target + ((long)x * height + y0) * 3;
                const unsigned char *s = source + ((long)y0 * width + x) * 3;
                for (int y = y0; y < y1; y++, d += 3, s += (long)width * 3) {
                    d[0] = s[0];
                    d[1] = s[1];
                    d[2] = s[2];
                }
            }
        }
    }
}

void airs_transpose_pixels(const unsigned char *source, int width, int height, int channels, unsigned char *target) {
    if (channels == 3) {
        transpose_rgb(source, width, height, target);
        return;
    }
    for (int y = 0; y < height; y++) {
        const unsigned char *row = source + (long)y * width * channels;
        for (int x = 0; x < width; x++) {
            for (int c = 0; c < channels; c++) target[((long)x * height + y) * channels + c] = row[x * channels + c];
        }
    }
}
