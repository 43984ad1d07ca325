// zlib inflate of a whole gzip or zlib stream held in memory.
#include <stdlib.h>
#include <string.h>
#include <zlib.h>
#include "CCodecGuard.h"

int airs_gunzip(const unsigned char *data, size_t size, airs_encoded_bytes *out) {
    memset(out, 0, sizeof(*out));
    z_stream stream;
    memset(&stream, 0, sizeof(stream));
    // 15 + 32: accept a gzip or a zlib header.
    if (inflateInit2(&stream, 15 + 32) != Z_OK) { strcpy(out->message, "zlib initialisation failed"); return -1; }
    size_t capacity = size * 4 + 1024, produced = 0;
    unsigned char *buffer = malloc(capacity);
    stream.next_in = (Bytef *)data;
    stream.avail_in = (uInt)size;
    int status = Z_OK;
    while (buffer && status == Z_OK) {
        if (produced == capacity) {
            capacity *= 2;
            unsigned char *grown = realloc(buffer, capacity);
            if (!grown) { free(buffer); buffer = NULL; break; }
            buffer = grown;
        }
        stream.next_out = buffer + produced;
        stream.avail_out = (uInt)(capacity - produced);
        status = inflate(&stream, Z_NO_FLUSH);
        produced = capacity - stream.avail_out;
        if (status == Z_BUF_ERROR && stream.avail_in == 0) break;
        if (status == Z_BUF_ERROR) status = Z_OK;
    }
    if (!buffer) { inflateEnd(&stream); strcpy(out->message, "out of memory"); return -1; }
    if (status != Z_STREAM_END) {
        strncpy(out->message, stream.msg ? stream.msg : "the compressed data ends early", 255);
        out->message[255] = 0;
        inflateEnd(&stream);
        free(buffer);
        return -1;
    }
    inflateEnd(&stream);
    out->bytes = buffer;
    out->size = produced;
    return 0;
}
