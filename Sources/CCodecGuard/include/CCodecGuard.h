// Error-safe wrappers around libjpeg(-turbo), libpng and zlib. Both image libraries abort the
// process from their default error handlers; these wrappers catch every error with
// setjmp/longjmp and hand back a message instead.
#ifndef CCODECGUARD_H
#define CCODECGUARD_H

#include <stddef.h>

/// A decoded 8-bit image or the reason decoding failed.
typedef struct {
    unsigned char *pixels;   // malloc'd HWC bytes (free with airs_codec_free); NULL on failure
    int width;
    int height;
    int channels;            // 3 (RGB) after a decode
    int truncated;           // 1 when the JPEG data ended early (set on failure too)
    char message[256];       // the library's message when the call failed
} airs_decoded_image;

/// An encoded byte buffer or the reason encoding failed.
typedef struct {
    unsigned char *bytes;    // malloc'd (free with airs_codec_free); NULL on failure
    size_t size;
    char message[256];
} airs_encoded_bytes;

/// Decodes a JPEG to RGB (grey replicated, CMYK converted as Pillow does). Returns 0 on success.
int airs_jpeg_decode(const unsigned char *data, size_t size, airs_decoded_image *out);
/// Decodes a PNG to RGB the way Pillow's `convert("RGB")` does. Returns 0 on success.
int airs_png_decode(const unsigned char *data, size_t size, airs_decoded_image *out);
/// Encodes 1- or 3-channel HWC pixels as a baseline JPEG (4:2:0 for colour). Returns 0 on success.
int airs_jpeg_encode(const unsigned char *pixels, int width, int height, int channels, int quality,
                     airs_encoded_bytes *out);
/// Encodes 1-, 3- or 4-channel HWC pixels as an 8-bit PNG. Returns 0 on success.
int airs_png_encode(const unsigned char *pixels, int width, int height, int channels,
                    airs_encoded_bytes *out);
/// Inflates gzip (or zlib) data. Returns 0 on success.
int airs_gunzip(const unsigned char *data, size_t size, airs_encoded_bytes *out);
/// Pillow's 8-bit vertical resampling pass: output row y = clip8((2^21 + sum over t of
/// weights[y*taps+t] * row[first[y]+t]) >> 22) for every byte of the row; `accumulator` is
/// scratch space of `row_length` ints.
void airs_resample_rows(const unsigned char *source, int row_length, unsigned char *target, int output_rows,
                        const int *first, const int *count, const int *weights, int taps, int *accumulator);
/// Swaps rows and columns of an interleaved image (`width` x `height` x `channels`).
void airs_transpose_pixels(const unsigned char *source, int width, int height, int channels, unsigned char *target);
/// Frees a buffer returned by the functions above.
void airs_codec_free(void *pointer);

#endif
