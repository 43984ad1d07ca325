// libjpeg's default error_exit calls exit(); this file routes every error through setjmp.
#include <setjmp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <jpeglib.h>
#include <jerror.h>
#include "CCodecGuard.h"

typedef struct {
    struct jpeg_error_mgr base;
    jmp_buf jump;
    int truncated;
    char message[JMSG_LENGTH_MAX];
} guard_error;

static void guard_error_exit(j_common_ptr info) {
    guard_error *error = (guard_error *)info->err;
    (*info->err->format_message)(info, error->message);
    longjmp(error->jump, 1);
}

// Warnings (corrupt entropy data, premature end) are tolerated as Pillow does; the caller
// decides what to do with a truncated file.
static void guard_emit_message(j_common_ptr info, int level) {
    guard_error *error = (guard_error *)info->err;
    if (level < 0) {
        if (info->err->msg_code == JWRN_JPEG_EOF) error->truncated = 1;
        info->err->num_warnings++;
    }
}

static void copy_message(char *destination, const char *source) {
    strncpy(destination, source, 255);
    destination[255] = 0;
}

// Pillow's cmyk2rgb on Adobe (inverted) CMYK: out = nk - muldiv255(c, nk) with nk = 255 - k.
static unsigned char cmyk_channel(int inverted_c, int inverted_k) {
    int c = 255 - inverted_c, nk = inverted_k;
    int t = c * nk + 128;
    int v = nk - (((t >> 8) + t) >> 8);
    return (unsigned char)(v < 0 ? 0 : (v > 255 ? 255 : v));
}

typedef struct {
    struct jpeg_decompress_struct info;
    guard_error error;
    unsigned char *pixels;
    unsigned char *row;
} decode_state;

int airs_jpeg_decode(const unsigned char *data, size_t size, airs_decoded_image *out) {
    memset(out, 0, sizeof(*out));
    decode_state *state = calloc(1, sizeof(decode_state));
    if (!state) { copy_message(out->message, "out of memory"); return -1; }
    state->info.err = jpeg_std_error(&state->error.base);
    state->error.base.error_exit = guard_error_exit;
    state->error.base.emit_message = guard_emit_message;
    if (setjmp(state->error.jump)) {
        copy_message(out->message, state->error.message);
        out->truncated = state->error.truncated;
        jpeg_destroy_decompress(&state->info);
        free(state->pixels);
        free(state->row);
        free(state);
        return -1;
    }
    jpeg_create_decompress(&state->info);
    jpeg_mem_src(&state->info, data, (unsigned long)size);
    jpeg_read_header(&state->info, TRUE);
    int cmyk = state->info.jpeg_color_space == JCS_CMYK || state->info.jpeg_color_space == JCS_YCCK;
    int adobe = state->info.saw_Adobe_marker;
    state->info.out_color_space = cmyk ? JCS_CMYK : JCS_RGB;
    jpeg_start_decompress(&state->info);
    int width = (int)state->info.output_width, height = (int)state->info.output_height;
    int components = state->info.output_components;
    state->pixels = malloc((size_t)width * height * 3);
    state->row = malloc((size_t)width * components);
    if (!state->pixels || !state->row) ERREXIT1(&state->info, JERR_OUT_OF_MEMORY, 0);
    while (state->info.output_scanline < state->info.output_height) {
        size_t y = state->info.output_scanline;
        JSAMPROW row = state->row;
        jpeg_read_scanlines(&state->info, &row, 1);
        unsigned char *destination = state->pixels + y * (size_t)width * 3;
        if (components == 3) {
            memcpy(destination, state->row, (size_t)width * 3);
        } else {
            for (int x = 0; x < width; x++) {
                const unsigned char *p = state->row + 4 * x;
                int k = adobe ? p[3] : 255 - p[3];
                for (int c = 0; c < 3; c++)
                    destination[3 * x + c] = cmyk_channel(adobe ? p[c] : 255 - p[c], k);
            }
        }
    }
    jpeg_finish_decompress(&state->info);
    jpeg_destroy_decompress(&state->info);
    out->pixels = state->pixels;
    out->width = width;
    out->height = height;
    out->channels = 3;
    out->truncated = state->error.truncated;
    free(state->row);
    free(state);
    return 0;
}

typedef struct {
    struct jpeg_compress_struct info;
    guard_error error;
    unsigned char *buffer;
    unsigned long size;
} encode_state;

int airs_jpeg_encode(const unsigned char *pixels, int width, int height, int channels, int quality,
                     airs_encoded_bytes *out) {
    memset(out, 0, sizeof(*out));
    if (channels != 1 && channels != 3) { copy_message(out->message, "JPEG needs 1 or 3 channels"); return -1; }
    encode_state *state = calloc(1, sizeof(encode_state));
    if (!state) { copy_message(out->message, "out of memory"); return -1; }
    state->info.err = jpeg_std_error(&state->error.base);
    state->error.base.error_exit = guard_error_exit;
    state->error.base.emit_message = guard_emit_message;
    if (setjmp(state->error.jump)) {
        copy_message(out->message, state->error.message);
        jpeg_destroy_compress(&state->info);
        free(state->buffer);
        free(state);
        return -1;
    }
    jpeg_create_compress(&state->info);
    jpeg_mem_dest(&state->info, &state->buffer, &state->size);
    state->info.image_width = (JDIMENSION)width;
    state->info.image_height = (JDIMENSION)height;
    state->info.input_components = channels;
    state->info.in_color_space = channels == 3 ? JCS_RGB : JCS_GRAYSCALE;
    jpeg_set_defaults(&state->info);
    jpeg_set_quality(&state->info, quality, TRUE);
    jpeg_start_compress(&state->info, TRUE);
    while (state->info.next_scanline < state->info.image_height) {
        JSAMPROW row = (JSAMPROW)(pixels + (size_t)state->info.next_scanline * width * channels);
        jpeg_write_scanlines(&state->info, &row, 1);
    }
    jpeg_finish_compress(&state->info);
    jpeg_destroy_compress(&state->info);
    out->bytes = state->buffer;
    out->size = state->size;
    free(state);
    return 0;
}

void airs_codec_free(void *pointer) { free(pointer); }
