// libpng reports errors by longjmp to png_jmpbuf; these wrappers catch them and keep the
// message instead of printing it.
#include <setjmp.h>
#include <stdlib.h>
#include <string.h>
#include <png.h>
#include "CCodecGuard.h"

typedef struct {
    const unsigned char *data;
    size_t size;
    size_t position;
    char message[256];
    unsigned char *pixels;
    unsigned char *raw;
    png_bytep *rows;
    unsigned char *output;
    size_t output_size;
    size_t output_capacity;
} png_context;

static void guard_png_error(png_structp png, png_const_charp message) {
    png_context *context = png_get_error_ptr(png);
    strncpy(context->message, message, 255);
    context->message[255] = 0;
    png_longjmp(png, 1);
}

static void guard_png_warning(png_structp png, png_const_charp message) {
    (void)png;
    (void)message;
}

static void read_from_memory(png_structp png, png_bytep destination, png_size_t length) {
    png_context *context = png_get_io_ptr(png);
    if (context->size - context->position < length) png_error(png, "file is truncated");
    memcpy(destination, context->data + context->position, length);
    context->position += length;
}

static void free_context(png_context *context) {
    free(context->raw);
    free(context->rows);
    free(context->pixels);
    free(context->output);
    free(context);
}

int airs_png_decode(const unsigned char *data, size_t size, airs_decoded_image *out) {
    memset(out, 0, sizeof(*out));
    png_context *context = calloc(1, sizeof(png_context));
    if (!context) { strcpy(out->message, "out of memory"); return -1; }
    context->data = data;
    context->size = size;
    png_structp png = png_create_read_struct(PNG_LIBPNG_VER_STRING, context, guard_png_error, guard_png_warning);
    png_infop info = png ? png_create_info_struct(png) : NULL;
    if (!png || !info) {
        png_destroy_read_struct(&png, NULL, NULL);
        strcpy(out->message, "out of memory");
        free_context(context);
        return -1;
    }
    if (setjmp(png_jmpbuf(png))) {
        memcpy(out->message, context->message, sizeof(out->message));
        png_destroy_read_struct(&png, &info, NULL);
        free_context(context);
        return -1;
    }
    png_set_read_fn(png, context, read_from_memory);
    png_read_info(png, info);
    png_uint_32 width = png_get_image_width(png, info), height = png_get_image_height(png, info);
    int depth = png_get_bit_depth(png, info), type = png_get_color_type(png, info);
    // Pillow opens 16-bit grey as I;16 and its I;16 -> RGB conversion clamps at 255, whereas
    // 16-bit colour keeps the high byte; everything else is expanded to 8-bit RGB without
    // gamma or transparency handling (convert("RGB") drops alpha and ignores tRNS).
    int wide_grey = depth == 16 && (type & PNG_COLOR_MASK_COLOR) == 0;
    if (!wide_grey) png_set_strip_16(png);
    if (type == PNG_COLOR_TYPE_PALETTE) png_set_palette_to_rgb(png);
    if (type == PNG_COLOR_TYPE_GRAY && depth < 8) png_set_expand_gray_1_2_4_to_8(png);
    if (!wide_grey && (type & PNG_COLOR_MASK_COLOR) == 0) png_set_gray_to_rgb(png);
    // Also drops the alpha channel libpng adds when expanding a palette that has a tRNS chunk.
    png_set_strip_alpha(png);
    png_set_interlace_handling(png);
    png_read_update_info(png, info);
    size_t row_bytes = png_get_rowbytes(png, info);
    size_t expected = wide_grey ? (size_t)width * 2 : (size_t)width * 3;
    if (row_bytes != expected) png_error(png, "unexpected row layout after conversion to RGB");
    context->raw = malloc(row_bytes * height);
    context->rows = malloc(sizeof(png_bytep) * height);
    if (!context->raw || !context->rows) png_error(png, "out of memory");
    for (png_uint_32 y = 0; y < height; y++) context->rows[y] = context->raw + y * row_bytes;
    png_read_image(png, context->rows);
    if (wide_grey) {
        context->pixels = malloc((size_t)width * height * 3);
        if (!context->pixels) png_error(png, "out of memory");
        for (size_t i = 0; i < (size_t)width * height; i++) {
            unsigned value = ((unsigned)context->raw[2 * i] << 8) | context->raw[2 * i + 1];
            unsigned char v = value > 255 ? 255 : (unsigned char)value;
            context->pixels[3 * i] = context->pixels[3 * i + 1] = context->pixels[3 * i + 2] = v;
        }
        free(context->raw);
    } else {
        context->pixels = context->raw;
    }
    context->raw = NULL;
    png_destroy_read_struct(&png, &info, NULL);
    out->pixels = context->pixels;
    out->width = (int)width;
    out->height = (int)height;
    out->channels = 3;
    context->pixels = NULL;
    free_context(context);
    return 0;
}

static void write_to_memory(png_structp png, png_bytep source, png_size_t length) {
    png_context *context = png_get_io_ptr(png);
    if (context->output_size + length > context->output_capacity) {
        size_t capacity = context->output_capacity ? context->output_capacity : 4096;
        while (capacity < context->output_size + length) capacity *= 2;
        unsigned char *grown = realloc(context->output, capacity);
        if (!grown) png_error(png, "out of memory");
        context->output = grown;
        context->output_capacity = capacity;
    }
    memcpy(context->output + context->output_size, source, length);
    context->output_size += length;
}

static void flush_memory(png_structp png) { (void)png; }

int airs_png_encode(const unsigned char *pixels, int width, int height, int channels,
                    airs_encoded_bytes *out) {
    memset(out, 0, sizeof(*out));
    int type = channels == 1 ? PNG_COLOR_TYPE_GRAY : channels == 3 ? PNG_COLOR_TYPE_RGB
             : channels == 4 ? PNG_COLOR_TYPE_RGB_ALPHA : -1;
    if (type < 0) { strcpy(out->message, "PNG needs 1, 3 or 4 channels"); return -1; }
    png_context *context = calloc(1, sizeof(png_context));
    if (!context) { strcpy(out->message, "out of memory"); return -1; }
    png_structp png = png_create_write_struct(PNG_LIBPNG_VER_STRING, context, guard_png_error, guard_png_warning);
    png_infop info = png ? png_create_info_struct(png) : NULL;
    if (!png || !info) {
        png_destroy_write_struct(&png, NULL);
        strcpy(out->message, "out of memory");
        free_context(context);
        return -1;
    }
    if (setjmp(png_jmpbuf(png))) {
        memcpy(out->message, context->message, sizeof(out->message));
        png_destroy_write_struct(&png, &info);
        free_context(context);
        return -1;
    }
    png_set_write_fn(png, context, write_to_memory, flush_memory);
    png_set_IHDR(png, info, (png_uint_32)width, (png_uint_32)height, 8, type, PNG_INTERLACE_NONE,
                 PNG_COMPRESSION_TYPE_DEFAULT, PNG_FILTER_TYPE_DEFAULT);
    png_write_info(png, info);
    for (int y = 0; y < height; y++)
        png_write_row(png, (png_const_bytep)(pixels + (size_t)y * width * channels));
    png_write_end(png, NULL);
    png_destroy_write_struct(&png, &info);
    out->bytes = context->output;
    out->size = context->output_size;
    context->output = NULL;
    free_context(context);
    return 0;
}
